import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMetadataDir } from '../server';
import { auraEnabledMethods, parityProblems } from './aura-enabled';
import { APEX_CLASSES } from './index';

const CLASSES_DIR = join(defaultMetadataDir(), 'classes');

describe('the sandbox org answers every @AuraEnabled method of force-app', () => {
  it('has one emulation per controller, with the same methods and parameter names', () => {
    const problems: string[] = [];
    const controllers: string[] = [];
    for (const file of readdirSync(CLASSES_DIR).filter((f) => f.endsWith('.cls'))) {
      const className = file.slice(0, -'.cls'.length);
      const methods = auraEnabledMethods(readFileSync(join(CLASSES_DIR, file), 'utf8'));
      if (methods.length > 0) controllers.push(className);
      problems.push(...parityProblems(className, methods, APEX_CLASSES.get(className)));
    }
    expect(problems).toEqual([]);
    expect(controllers.sort()).toEqual([...APEX_CLASSES.keys()].sort());
  });

  it('reads annotations, static methods and parameter names from Apex source', () => {
    const source = `public with sharing class Demo {
      @AuraEnabled(cacheable=true)
      public static List<String> listThings(String source, Integer maxRuns) { return null; }
      @AuraEnabled public String notStatic;
      public static void notEnabled(Id runId) {}
      @AuraEnabled
      public static void act(final Map<Id, String> byId) {}
    }`;
    expect(auraEnabledMethods(source)).toEqual([
      { name: 'listThings', params: ['source', 'maxRuns'] },
      { name: 'act', params: ['byId'] },
    ]);
  });

  it('reports a missing emulation, a missing method, renamed or reordered parameters and extra methods', () => {
    const methods = [
      { name: 'getRuns', params: ['source', 'maxRuns'] },
      { name: 'getRun', params: ['runId'] },
    ];
    expect(parityProblems('Runs', methods, undefined)).toEqual([
      'Runs has @AuraEnabled methods and no emulation in server/sandbox/salesforce/apex',
    ]);
    const emulation = {
      name: 'Runs',
      methods: {
        getRuns: { params: ['maxRuns', 'source'], run: () => null },
        confirm: { params: [], run: () => null },
      },
    };
    expect(parityProblems('Runs', methods, emulation)).toEqual([
      'Runs.getRuns takes (source, maxRuns) in Apex but (maxRuns, source) in the emulation',
      'Runs.getRun is not emulated',
      'Runs.confirm is emulated but not @AuraEnabled in Apex',
    ]);
  });
});
