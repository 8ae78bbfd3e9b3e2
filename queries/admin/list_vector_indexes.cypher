// The vector indexes with their state and how much of their nodes they hold (a rebuild's
// progress).
// params: none
SHOW VECTOR INDEXES YIELD name, state, populationPercent
RETURN name, state, populationPercent AS percent
ORDER BY name
