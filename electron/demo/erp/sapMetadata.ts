import fs from 'node:fs';
import { type EdmEntitySet, type EdmService, parseEdmx } from '../../../shared/erp/edmx.ts';

/**
 * The service definitions the SAP sandbox serves at `$metadata` and enforces. They are the published
 * documents of real systems, copied in electron/demo/erp/edmx/ (each file says where from and which parts
 * were left out; none of their content is inferred). See docs/erp.md for the table of contract points.
 */
export type SapServiceName = 'conf' | 'order' | 'matdoc';

const FILES: Record<SapServiceName, string> = {
  conf: 'API_PROD_ORDER_CONFIRMATION_2_SRV.edmx',
  order: 'API_PRODUCTION_ORDER_2_SRV.edmx',
  matdoc: 'API_MATERIAL_DOCUMENT_SRV.edmx',
};

export const publishedEdmx = (srv: SapServiceName): string => fs.readFileSync(new URL(`./edmx/${FILES[srv]}`, import.meta.url), 'utf8');

/**
 * A release of API_PRODUCTION_ORDER_2_SRV that has `OpTotalConfirmedScrapQty` on the operation. The
 * published file we hold does NOT have it; that newer releases do is what the console was written
 * against and is NOT VERIFIED. Used by tests of the "property present" path only.
 */
export function withOperationScrapTotal(xml: string): string {
  return xml.replace(
    /(<Property Name="OpTotalConfirmedYieldQty"[^>]*\/>)/,
    '$1\n<Property Name="OpTotalConfirmedScrapQty" Type="Edm.Decimal" Precision="13" Scale="3" sap:unit="OperationUnit" sap:label="Total confirmed scrap"/>',
  );
}

/** Marks properties `sap:filterable="false"` (`Set.Property`), as a system whose service refuses such a filter. */
export function withUnfilterable(xml: string, entityType: string, props: readonly string[]): string {
  let out = xml;
  const block = new RegExp(`(<EntityType Name="${entityType}"[\\s\\S]*?</EntityType>)`);
  out = out.replace(block, (b) => props.reduce((acc, p) => acc.replace(new RegExp(`(<Property Name="${p}")`), '$1 sap:filterable="false"'), b));
  return out;
}

export interface SapDefinitions {
  xml: Record<SapServiceName, string>;
  model: Record<SapServiceName, EdmService>;
  set(srv: SapServiceName, name: string): EdmEntitySet;
}

export function loadDefinitions(overrides: Partial<Record<SapServiceName, string>> = {}): SapDefinitions {
  const xml = { conf: overrides.conf ?? publishedEdmx('conf'), order: overrides.order ?? publishedEdmx('order'), matdoc: overrides.matdoc ?? publishedEdmx('matdoc') };
  const model = { conf: parseEdmx(xml.conf), order: parseEdmx(xml.order), matdoc: parseEdmx(xml.matdoc) };
  return {
    xml,
    model,
    set(srv, name) {
      const s = model[srv].sets.get(name);
      if (!s) throw new Error(`the ${srv} service definition has no entity set ${name}`);
      return s;
    },
  };
}
