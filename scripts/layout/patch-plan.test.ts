import { checkMetadataXml } from '../checks/xml-check';
import { deployCommand, layoutPackageXml, parsePatchArgs, retrieveCommand } from './patch-plan';

describe('parsePatchArgs', () => {
  it('needs a target org and defaults to the standard User layout', () => {
    expect(parsePatchArgs(['--target-org', 'dev'])).toEqual({
      options: { targetOrg: 'dev', layout: 'User-User Layout', dryRun: false, noDeploy: false },
    });
    expect(parsePatchArgs([])).toMatchObject({ error: 'missing --target-org <alias>' });
  });

  it('reads the other flags, in both --flag value and --flag=value forms', () => {
    expect(
      parsePatchArgs(['-o', 'prod', '--layout=User-Support Layout', '--dry-run', '--no-deploy']),
    ).toEqual({
      options: { targetOrg: 'prod', layout: 'User-Support Layout', dryRun: true, noDeploy: true },
    });
  });

  it('refuses layouts of other objects and unknown arguments', () => {
    expect(parsePatchArgs(['-o', 'dev', '--layout', 'Account-Account Layout'])).toMatchObject({
      error: expect.stringContaining('--layout must be a User layout full name'),
    });
    expect(parsePatchArgs(['-o', 'dev', '--force'])).toMatchObject({ error: "Unknown option '--force'" });
    expect(parsePatchArgs(['--help'])).toMatchObject({
      help: true,
      text: expect.stringContaining('--no-deploy'),
    });
  });
});

describe('sf commands', () => {
  const options = { targetOrg: 'dev', layout: 'User-User Layout', dryRun: true, noDeploy: false };

  it('retrieves the named layout into the work directory', () => {
    expect(retrieveCommand(options, '/w/retrieved')).toEqual([
      'project',
      'retrieve',
      'start',
      '--metadata',
      'Layout:User-User Layout',
      '--target-org',
      'dev',
      '--output-dir',
      '/w/retrieved',
    ]);
  });

  it('deploys the metadata-format directory, validating only on --dry-run', () => {
    expect(deployCommand(options, '/w/deploy')).toEqual([
      'project',
      'deploy',
      'start',
      '--metadata-dir',
      '/w/deploy',
      '--target-org',
      'dev',
      '--wait',
      '10',
      '--dry-run',
    ]);
    expect(deployCommand({ ...options, dryRun: false }, '/w/deploy')).not.toContain('--dry-run');
  });
});

describe('layoutPackageXml', () => {
  it('is a valid package manifest naming the layout', () => {
    const xml = layoutPackageXml('User-User Layout', '62.0');
    expect(xml).toContain('<members>User-User Layout</members>');
    expect(xml).toContain('<name>Layout</name>');
    expect(xml).toContain('<version>62.0</version>');
    expect(checkMetadataXml('package.xml', xml)).toEqual([]);
  });
});
