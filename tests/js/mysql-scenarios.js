// Steps of tests/scenarios/mysql where sleet deliberately prints different SQL from rc.5
// (docs/differences.md, "MySQL"). Each lists the exact statements only sleet prints and only rc.5
// prints; the rest stays identical. `theirStatus` is set where rc.5 sees no change at all.
export const DELIBERATE = {};
