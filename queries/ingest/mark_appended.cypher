// One more append in the scope: its count, which the append's EDUs and entities carry
// (`appended`) so that a lexical index takes exactly the ones stored after it was built, and
// which marks the scope's projection stale until a refresh has projected it (built_appends).
// Appends to one scope commit in the order of this count.
// params: scope
MERGE (p:Projection {scope: $scope})
SET p.appends = coalesce(p.appends, 0) + 1
RETURN p.appends AS appended
