// For each of several entities, how many EDUs mention it per month (of the event, or else of the
// session), oldest month first.
// params: scope, ids
UNWIND $ids AS id
OPTIONAL CALL (id) {
  MATCH (:Entity {scope: $scope, id: id})<-[:MENTIONS]-(u:EDU)
  WITH coalesce(u.date, date(u.session_date)) AS day
  WHERE day IS NOT NULL
  WITH toString(day.year) + '-' + right('0' + toString(day.month), 2) AS month, count(*) AS edus
  ORDER BY month
  RETURN collect({month: month, edus: edus}) AS items
}
RETURN id AS key, coalesce(items, []) AS items
