import { type EdmEntitySet, valueProblem } from '../../../shared/erp/edmx.ts';
import { parseFilter } from './odataFilter.ts';

/**
 * How the SAP sandbox holds requests to the service definition, as SAP Gateway does: a `$select` or
 * `$filter` naming a property the entity type lacks is an error for the whole read (HTTP 400), as is a
 * filter on a property marked `sap:filterable="false"`; a create with a property the type lacks, a value
 * of the wrong type or length, or without a mandatory field is refused (HTTP 400).
 * The HTTP status is what SAP Gateway answers (a client error for a malformed request); the message codes
 * (/IWBEP/CM_MGW_RT/…) and texts below are the sandbox's wording and are NOT VERIFIED against a real system.
 */
export interface RuleFail {
  status: number;
  code: string;
  message: string;
}

const refuse = (code: string, message: string): RuleFail => ({ status: 400, code, message });

export function queryProblem(set: EdmEntitySet, url: URL): RuleFail | null {
  const select = url.searchParams.get('$select');
  if (select) {
    for (const f of select.split(',')) {
      if (!set.properties.has(f) && !set.navigation.has(f)) return refuse('/IWBEP/CM_MGW_RT/022', `Property '${f}' is invalid for entity set ${set.name} ($select)`);
    }
  }
  const filter = url.searchParams.get('$filter');
  if (filter) {
    try {
      parseFilter(filter, (f) => {
        const prop = set.properties.get(f);
        if (!prop) throw new Error(`Property '${f}' is invalid for entity set ${set.name} ($filter)`);
        if (!prop.filterable) throw new Error(`Property '${f}' of entity set ${set.name} cannot be used in $filter`);
      });
    } catch (e) {
      return refuse('/IWBEP/CM_MGW_RT/022', (e as Error).message);
    }
  }
  return null;
}

/** A create body against the entity type: unknown properties, wrong types, missing mandatory fields. */
export function bodyProblem(set: EdmEntitySet, body: Record<string, unknown>, mandatory: readonly string[]): RuleFail | null {
  if (!set.creatable) return refuse('/IWBEP/CM_MGW_RT/021', `Entity set ${set.name} cannot be created`);
  for (const [k, v] of Object.entries(body)) {
    if (k === '__metadata') continue;
    if (set.navigation.has(k)) continue;
    const prop = set.properties.get(k);
    if (!prop) return refuse('/IWBEP/CM_MGW_RT/022', `Property '${k}' is invalid for entity type ${set.entityType}`);
    const why = valueProblem(prop, v);
    if (why) return refuse('/IWBEP/CM_MGW_RT/004', `Invalid value for ${set.entityType}: ${why}`);
  }
  for (const m of mandatory) {
    if (body[m] === undefined || body[m] === null || body[m] === '') return refuse('/IWBEP/CM_MGW_RT/004', `Mandatory field ${m} is missing`);
  }
  return null;
}
