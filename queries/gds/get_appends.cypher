// How many appends the scope has had: read before a refresh projects it, so that the
// projection knows which appends it holds (gds/set_projection).
// params: scope
OPTIONAL MATCH (p:Projection {scope: $scope})
RETURN coalesce(p.appends, 0) AS appends
