// T25 at full strength: 10,000 malformed payloads per command (the unit run uses 1,000 to stay fast).
process.env.T25_RUNS ??= '10000';
await import('../electron/core/features/people/authorization.int.test.ts');
