// Scenes were built from the scope as it stood after $appends appends (read before Leiden ran):
// EDUs appended after those are the ones in no scene (scenes/get_staleness).
// params: scope, appends
MATCH (p:Projection {scope: $scope})
SET p.scened_appends = $appends
