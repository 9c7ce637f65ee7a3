// What an in-process benchmark program (backend/bench) reports to `npm run bench`: the shape of its
// figures and the statistics they are computed with.
export type { FactoryFigures } from './figures';
export { distribution, percentile, type Distribution } from './stats';
