/**
 * The Lightning app as force-app describes it: its label and its tabs in order, each with its label
 * and the LWC it shows (applications/*.app-meta.xml, tabs/*.tab-meta.xml).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface AppTab {
  apiName: string;
  label: string;
  component: string;
}

export interface LightningAppDef {
  apiName: string;
  label: string;
  tabs: AppTab[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'tabs',
});

export function loadLightningApp(metadataDir: string, apiName: string): LightningAppDef {
  const app = parser.parse(readFileSync(join(metadataDir, 'applications', `${apiName}.app-meta.xml`), 'utf8'))
    .CustomApplication as { label: string; tabs: string[] };
  return {
    apiName,
    label: String(app.label),
    tabs: app.tabs.map((tab) => {
      const xml = parser.parse(readFileSync(join(metadataDir, 'tabs', `${tab}.tab-meta.xml`), 'utf8'))
        .CustomTab as {
        label: string;
        lwcComponent?: string;
      };
      return { apiName: tab, label: String(xml.label), component: String(xml.lwcComponent ?? '') };
    }),
  };
}
