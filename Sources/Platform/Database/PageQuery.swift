import Foundation

extension PageRequest {
    /// Wraps a query whose rows are `(json, key text, id)` in keyset order, `limit + 1` of them, so that PostgreSQL
    /// answers with one row — the page's items as one JSON array, and the key and id of the last item when a next page
    /// exists — instead of a row per item (each row costs the server a wire message, a decode and an await).
    /// `limit` is SQL: a number or a placeholder. `following`: a fourth column, the ids of the page's items and of the
    /// first item after it (what the next cursor's existence rests on), in order.
    public static func onePageSQL(_ rows: String, limit: String, following: Bool = false) -> String {
        """
        SELECT coalesce(json_agg(p.j ORDER BY p.n) FILTER (WHERE p.n <= \(limit)), '[]')::text,
               CASE WHEN count(*) > \(limit) THEN min(p.k) FILTER (WHERE p.n = \(limit)) END,
               CASE WHEN count(*) > \(limit) THEN (array_agg(p.i) FILTER (WHERE p.n = \(limit)))[1] END\(following
                 ? ", coalesce(array_agg(p.i ORDER BY p.n) FILTER (WHERE p.n <= \(limit) + 1), '{}')" : "")
        FROM (SELECT q.j, q.k, q.i, row_number() OVER () AS n FROM (\(rows)) AS q(j, k, i)) p
        """
    }

    /// The answer of a query built by `onePageSQL`.
    public static func jsonPage(
        _ row: (items: String, key: String?, id: UUID?), extra: (name: String, json: String)? = nil
    )
        -> String
    {
        let next = row.key.flatMap { key in row.id.map { Cursor(key: key, id: $0).encoded() } }
        let more = extra.map { ",\"\($0.name)\":" + $0.json } ?? ""
        return "{\"items\":" + row.items + ",\"nextCursor\":" + (next.map { "\"\($0)\"" } ?? "null") + more + "}"
    }
}
