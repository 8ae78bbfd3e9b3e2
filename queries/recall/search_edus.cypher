// Search of one scope's EDUs: a vector search (over EDU text alone, or in the context of the
// turn before: one of the two pools is 0) and the scope's own BM25 ranking ($lexical: id and
// score, best first, from its in-memory index, graph/recall/lexical.py; off with a pool of 0), fused by
// reciprocal rank; an EDU that only asks counts $question_weight of its score, a dated EDU
// $dated_weight (above 1 when the question asks for a time), one whose time (its event date,
// else its session's day, as the date filter reads it) overlaps the time the question names
// [$time_from, $time_to] $time_weight. Then each candidate is lifted by its session: by
// 1 + $session_lift × (its session's best score / the best score) ^ $session_sharpness, so
// the sessions that hold the best candidates lend weight to their other candidates (an
// answer's session shows in the words and meaning of its neighbours too). The best $limit
// candidates with their rank and score in each list.
// params: scope, embedding, lexical, plain_pool, context_pool, lexical_pool, dense_weight, lexical_weight, rrf_k, question_weight, dated_weight, time_from, time_to, time_weight, session_lift, session_sharpness, limit
CYPHER 25
CALL () {
  MATCH (v:EDU)
    SEARCH v IN (VECTOR INDEX edu_exact_vector FOR $embedding WHERE v.scope = $scope
                 LIMIT $plain_pool) SCORE AS score
  WITH v, score ORDER BY score DESC, v.id
  RETURN collect({edu: v, score: score}) AS plain
}
CALL () {
  MATCH (w:EDU)
    SEARCH w IN (VECTOR INDEX edu_exact_context_vector FOR $embedding WHERE w.scope = $scope
                 LIMIT $context_pool) SCORE AS score
  WITH w, score ORDER BY score DESC, w.id
  RETURN collect({edu: w, score: score}) AS in_context
}
WITH plain + in_context AS dense
CALL () {
  UNWIND range(0, size($lexical) - 1) AS i
  MATCH (u:EDU {scope: $scope, id: $lexical[i].id})
  WITH i, u ORDER BY i
  RETURN collect({edu: u, score: $lexical[i].score}) AS lexical
}
UNWIND [i IN range(0, size(dense) - 1) | {edu: dense[i].edu, list: 'dense', rank: i + 1,
                                         score: dense[i].score}] +
       [i IN range(0, size(lexical) - 1) | {edu: lexical[i].edu, list: 'lexical', rank: i + 1,
                                           score: lexical[i].score}] AS found
WITH found.edu AS u, collect(found) AS lists
WITH u, [x IN lists WHERE x.list = 'dense'][0] AS d, [x IN lists WHERE x.list = 'lexical'][0] AS l
WITH u, d, l,
     coalesce($dense_weight / ($rrf_k + d.rank), 0.0) +
     coalesce($lexical_weight / ($rrf_k + l.rank), 0.0) AS fused
WITH u, d, l, CASE WHEN $lexical_pool = 0 THEN d.score
                   WHEN $plain_pool + $context_pool = 0 THEN l.score
                   ELSE fused END *
              CASE u.act WHEN 'question' THEN $question_weight ELSE 1.0 END *
              CASE WHEN u.date IS NULL THEN 1.0 ELSE $dated_weight END *
              CASE WHEN $time_from IS NOT NULL
                        AND coalesce(u.date, date(u.session_date)) <= $time_to
                        AND coalesce(u.date_end, date(u.session_date)) >= $time_from
                   THEN $time_weight ELSE 1.0 END AS score
WITH collect({u: u, d: d, l: l, score: score}) AS rows
CALL (rows) {
  UNWIND rows AS r
  WITH r.u.session AS session, max(r.score) AS best
  RETURN collect({session: session, best: best}) AS sessions, max(best) AS top
}
UNWIND rows AS r
WITH r.u AS u, r.d AS d, r.l AS l, r.score AS score,
     [s IN sessions WHERE s.session = r.u.session][0].best / top AS closeness
WITH u, d, l, score * (1.0 + $session_lift * closeness ^ $session_sharpness) AS score
RETURN u.id AS id, score, d.rank AS dense_rank, d.score AS dense_score, l.rank AS lexical_rank,
       l.score AS lexical_score
ORDER BY score DESC, id
LIMIT $limit
