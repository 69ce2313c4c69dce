// Stands in for `got` inside electronegativity (scripts/electronegativity.ts). Unpatched, every run
// fetches translation strings from a remote bucket (i18n) and Electron's release list from GitHub (the
// "available security fixes" check). The gate must neither depend on nor wait for the network, and report
// text must not come from outside the repository: each call fails at once and the tool falls back to the
// English strings and the release list it ships.
function offlineGot() {
  return Promise.reject(new Error('network disabled for the electronegativity gate'));
}
offlineGot.head = offlineGot;
offlineGot.get = offlineGot;
module.exports = offlineGot;
