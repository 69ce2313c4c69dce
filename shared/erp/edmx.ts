/**
 * The parts of an OData V2 service definition (`$metadata`, EDMX 1.0 / CSDL 2.0) the console needs: per
 * entity set, its properties with type, nullability, length, precision and SAP's `sap:filterable`, and
 * its navigation properties. Read by the SAP adapter when it connects and by the SAP sandbox, which
 * enforces the published definitions in electron/demo/erp/edmx/.
 */
export interface EdmProperty {
  name: string;
  type: string;
  nullable: boolean;
  maxLength?: number;
  precision?: number;
  scale?: number;
  /** SAP annotation `sap:filterable`; absent means filterable. */
  filterable: boolean;
}

export interface EdmEntitySet {
  name: string;
  entityType: string;
  keys: string[];
  properties: Map<string, EdmProperty>;
  navigation: Set<string>;
  /** SAP annotation `sap:creatable`; absent means creatable. */
  creatable: boolean;
}

export interface EdmService {
  namespace: string;
  sets: Map<string, EdmEntitySet>;
}

const attrs = (tag: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
};

/** Parses `$metadata`; throws with a plain reason when the text is not an OData V2 service definition. */
export function parseEdmx(xml: string): EdmService {
  const schema = /<Schema\b[^>]*>/.exec(xml);
  if (!schema || !/<edmx:Edmx\b/.test(xml)) throw new Error('the answer is not an OData service definition ($metadata)');
  const namespace = attrs(schema[0]).Namespace ?? '';
  const types = new Map<string, { keys: string[]; properties: Map<string, EdmProperty>; navigation: Set<string> }>();
  for (const m of xml.matchAll(/<EntityType\b([^>]*)>([\s\S]*?)<\/EntityType>/g)) {
    const name = attrs(m[1]!).Name!;
    const body = m[2]!;
    const keys = [...(/<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1] ?? '').matchAll(/<PropertyRef\s+Name="([^"]+)"/g)].map((k) => k[1]!);
    const properties = new Map<string, EdmProperty>();
    for (const p of body.matchAll(/<Property\b([^>]*?)\/?>/g)) {
      const a = attrs(p[1]!);
      properties.set(a.Name!, {
        name: a.Name!,
        type: a.Type ?? 'Edm.String',
        nullable: a.Nullable !== 'false',
        ...(a.MaxLength ? { maxLength: Number(a.MaxLength) } : {}),
        ...(a.Precision ? { precision: Number(a.Precision) } : {}),
        ...(a.Scale ? { scale: Number(a.Scale) } : {}),
        filterable: a['sap:filterable'] !== 'false',
      });
    }
    const navigation = new Set([...body.matchAll(/<NavigationProperty\b[^>]*\bName="([^"]+)"/g)].map((n) => n[1]!));
    types.set(name, { keys, properties, navigation });
  }
  const sets = new Map<string, EdmEntitySet>();
  for (const m of xml.matchAll(/<EntitySet\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1]!);
    const typeName = (a.EntityType ?? '').split('.').pop()!;
    const t = types.get(typeName);
    if (!t) continue;
    sets.set(a.Name!, { name: a.Name!, entityType: typeName, ...t, creatable: a['sap:creatable'] !== 'false' });
  }
  return { namespace, sets };
}

/**
 * Why a value in a JSON (V2 verbose) body does not fit its declared property, or null when it fits.
 * V2 JSON carries Edm.Decimal and Int64 as strings, Edm.DateTime as `/Date(ms)/`, Edm.Time as an ISO
 * 8601 duration (`PT21H00M00S`).
 */
export function valueProblem(p: EdmProperty, v: unknown): string | null {
  if (v === null) return p.nullable ? null : `${p.name} may not be null`;
  switch (p.type) {
    case 'Edm.String':
      if (typeof v !== 'string') return `${p.name} must be a string`;
      return p.maxLength !== undefined && v.length > p.maxLength ? `${p.name} is longer than ${p.maxLength} characters` : null;
    case 'Edm.Boolean':
      return typeof v === 'boolean' ? null : `${p.name} must be true or false`;
    case 'Edm.Decimal': {
      if (typeof v !== 'string') return `${p.name} must be a decimal in a string`;
      const m = /^-?(\d+)(?:\.(\d+))?$/.exec(v);
      if (!m) return `${p.name} is not a decimal`;
      const scale = p.scale ?? 0;
      const intDigits = (p.precision ?? 29) - scale;
      if ((m[2] ?? '').length > scale || m[1]!.replace(/^0+(?=\d)/, '').length > intDigits) return `${p.name} has more digits than ${p.precision},${scale}`;
      return null;
    }
    case 'Edm.DateTime':
      return typeof v === 'string' && /^\/Date\(-?\d+\)\/$/.test(v) ? null : `${p.name} must be an Edm.DateTime like /Date(1700000000000)/`;
    case 'Edm.Time':
      return typeof v === 'string' && /^PT(\d{1,2}H)?(\d{1,2}M)?(\d{1,2}S)?$/.test(v) && v !== 'PT' ? null : `${p.name} must be an Edm.Time like PT21H00M00S`;
    case 'Edm.Guid':
      return typeof v === 'string' && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v) ? null : `${p.name} must be a GUID`;
    case 'Edm.Byte':
    case 'Edm.Int16':
    case 'Edm.Int32':
      return typeof v === 'number' && Number.isInteger(v) ? null : `${p.name} must be a whole number`;
    default:
      return null;
  }
}
