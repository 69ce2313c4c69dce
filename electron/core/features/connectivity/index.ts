// The connectivity feature's one door: other features and the composition root import it only from here.
export { createConnectivityModule } from './connectivityModule.ts';
