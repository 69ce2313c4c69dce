import { DataType, StatusCodes, Variant, VariantArrayType, type StatusCode, type Namespace, type UAObject, type UAVariable } from 'node-opcua';

/**
 * Variables whose value, data type, status and source timestamp a test sets freely (matrix T19): the
 * simulator publishes whatever it is told, like a badly programmed or broken controller would.
 */

export const HOSTILE_NAMESPACE_URI = 'urn:plant-console:demo-plant:hostile';

export type HostileKind = 'Double' | 'Float' | 'Int32' | 'UInt32' | 'Int64' | 'UInt64' | 'Boolean' | 'String' | 'ByteString' | 'DateTime' | 'LocalizedText';

export interface HostileValue {
  dataType: HostileKind;
  /** Scalar or array (arrays of the same type). */
  value: unknown;
  isArray?: boolean;
  /** Raw 32-bit status code, e.g. 0x80000000 (Bad), 0x40000000 (Uncertain). */
  statusCode: number;
  sourceTimestamp: Date | null;
}

export interface HostileNodes {
  readonly count: number;
  set(index: number, v: HostileValue): void;
}

export function buildHostile(ns: Namespace, objectsFolder: UAObject, count: number): HostileNodes {
  const folder = ns.addObject({ organizedBy: objectsFolder, browseName: 'Hostile', nodeId: 's=Hostile' });
  const vars: UAVariable[] = [];
  for (let i = 0; i < count; i++) {
    vars.push(
      ns.addVariable({
        componentOf: folder,
        browseName: `V${i}`,
        nodeId: `s=Hostile.V${i}`,
        // BaseDataType: the server lets any type through, as a misconfigured controller does.
        dataType: 'BaseDataType',
        valueRank: -2,
        accessLevel: 'CurrentRead',
        userAccessLevel: 'CurrentRead',
        minimumSamplingInterval: 0,
      }),
    );
  }
  return {
    count,
    set(index, v) {
      const node = vars[index];
      if (!node) throw new RangeError(`hostile variable ${index} does not exist (0 … ${count - 1})`);
      const variant = new Variant({
        dataType: DataType[v.dataType],
        arrayType: v.isArray ? VariantArrayType.Array : VariantArrayType.Scalar,
        value: v.value,
      });
      node.setValueFromSource(variant, statusCodeOf(v.statusCode), v.sourceTimestamp ?? undefined);
    },
  };
}

/** Node reference of hostile variable i, in the `nsu=` form the console configures. */
export const hostileNodeRef = (i: number): string => `nsu=${HOSTILE_NAMESPACE_URI};s=Hostile.V${i}`;

const BY_VALUE = new Map<number, StatusCode>(
  Object.values(StatusCodes as unknown as Record<string, StatusCode>)
    .filter((c): c is StatusCode => typeof c === 'object' && c !== null && typeof c.value === 'number')
    .map((c) => [c.value >>> 0, c]),
);

/** A known status code for the raw value; unknown values fall back to the plain Good/Uncertain/Bad of their severity. */
export function statusCodeOf(raw: number): StatusCode {
  const v = raw >>> 0;
  const known = BY_VALUE.get(v) ?? BY_VALUE.get((v & 0xffff0000) >>> 0);
  if (known) return known;
  const severity = v >>> 30;
  return severity === 0 ? StatusCodes.Good : severity === 1 ? StatusCodes.Uncertain : StatusCodes.Bad;
}
