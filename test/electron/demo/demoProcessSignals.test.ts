import { DemoFaults } from '../../../electron/demo/demoFaults.ts';
import { processValues } from '../../../electron/demo/demoProcessSignals.ts';
import { createPlantModel, DEMO_STATE } from '../../../electron/demo/plantModel.ts';

// The demo's process values leave the normal band of resources/demo-plant.json (temperature ≤ 58 °C,
// pressure 3.5–5 bar, current ≤ 16 A) only for a reason a supervisor would recognise, and never otherwise.
describe('demo process signals', () => {
  const model = createPlantModel({ lines: 3 });

  it('is a pure function of the line sample: the same tick gives the same values', () => {
    const s = model.lineAt(2, 1234);
    expect(processValues(model, s)).toEqual(processValues(model, model.lineAt(2, 1234)));
  });

  it('leaves each band only while starved, blocked, faulted or just before a scripted fault', () => {
    for (let line = 1; line <= 3; line++) {
      const len = model.cycleLength(line);
      for (let tick = 0; tick < len; tick++) {
        const s = model.lineAt(line, tick);
        const v = processValues(model, s);
        const faultSoon = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].some((k) => model.lineAt(line, tick + k).machineState === DEMO_STATE.faulted);
        if (v.Temperature > 58) expect(s.machineState === DEMO_STATE.faulted || faultSoon, `line ${line} tick ${tick}`).toBe(true);
        if (v.Pressure < 3.5) expect(s.machineState).toBe(DEMO_STATE.starved);
        if (v.Pressure > 5) expect(s.machineState).toBe(DEMO_STATE.blocked);
        expect(v.MotorCurrent).toBeLessThanOrEqual(16);
        if (s.machineState === DEMO_STATE.faulted) expect(v.Temperature).toBeGreaterThan(58);
      }
    }
  });

  it('warms up over the ticks before line 1 faults at tick 220, and runs hot during an injected fault', () => {
    const at = (tick: number) => processValues(model, model.lineAt(1, tick)).Temperature;
    expect(at(200)).toBeLessThan(52);
    expect(at(210)).toBeLessThan(at(215));
    expect(at(219)).toBeGreaterThan(58);
    const faults = new DemoFaults();
    faults.inject(1, 10, 5);
    const s = faults.apply(model.lineAt(1, 12));
    expect(s.machineState).toBe(DEMO_STATE.faulted);
    expect(processValues(model, s)).toMatchObject({ MotorCurrent: 0 });
    expect(processValues(model, s).Temperature).toBeGreaterThan(58);
  });
});
