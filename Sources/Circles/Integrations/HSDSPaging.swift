/// `page` and `per_page`, checked, and the HSDS `Page` wrapper.
struct HSDSPaging {
    /// The parameters every HSDS list takes.
    static let parameters: Set = ["page", "per_page", "format"]

    var number = 1
    var perPage = 20
    var offset: Int { (number - 1) * perPage }

    init(_ reader: inout QueryReader) {
        if let text = reader.query["page"] {
            if let n = Int(text), (1...1_000_000).contains(n) { number = n } else { reader.fail("page", "must be a whole number from 1") }
        }
        if let text = reader.query["per_page"] {
            if let n = Int(text), (1...HSDSRoutes.maxPerPage).contains(n) {
                perPage = n
            } else {
                reader.fail("per_page", "must be a whole number from 1 to \(HSDSRoutes.maxPerPage)")
            }
        }
        // The reference allows `ndjson` (every result, streamed, unpaged); we serve JSON pages only.
        if let format = reader.query["format"], format != "json" { reader.fail("format", "must be json: the only format served (not ndjson)") }
    }

    func slice<T>(_ all: [T]) -> [T] {
        guard offset < all.count else { return [] }
        return Array(all[offset..<min(all.count, offset + perPage)])
    }

    func page<Item: Encodable>(_ contents: [Item], total: Int) -> HSDS.Page<Item> {
        let pages = max(1, (total + perPage - 1) / perPage)
        return HSDS.Page(
            totalItems: total, totalPages: pages, pageNumber: number, size: contents.count, firstPage: number == 1, lastPage: number >= pages,
            empty: contents.isEmpty, contents: contents)
    }
}
