import Foundation

extension PlaceTable {
    /// Reads what a person typed into "Where?": `80202`, `80202-1234`, `Denver`, `Denver, CO`, `Denver CO`,
    /// `denver colorado`, `Brooklyn, NY`, `CO`, `Colorado`, with any case and spacing. Nil for empty text.
    ///
    /// A name several states share is taken as one town when it has at least three times the ZIP codes of
    /// the next (Denver, CO over Denver, NY). Otherwise, among the towns of that name with at least a third
    /// of the most ZIP codes, the one with groups nearby is meant: `nearestGroupKm` (Circles asks the
    /// directory) names exactly one within `nearbyKm`, or else exactly one at all. Otherwise the person is
    /// asked which (Springfield).
    public func parse(_ text: String, nearestGroupKm: ((Town) -> Double?)? = nil) -> PlaceMatch? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        guard !words.isEmpty else { return nil }
        let compact = words.joined(separator: " ")
        if compact.allSatisfy({ $0.isNumber || $0 == " " || $0 == "-" }) {
            // 80202, 80202-1234, 80202 1234.
            let digits = compact.filter(\.isNumber)
            if digits.count == 5 || digits.count == 9, compact.prefix(5).allSatisfy(\.isNumber), let zip = zip(String(digits.prefix(5))) {
                return .zip(zip)
            }
            return .unknown(suggestions: [])
        }
        if let state = USStates.code(for: compact) {
            // "New York" is the city to someone looking for a group near them; "Colorado" is the state.
            if let (town, others) = townAndOthers(named: compact, state: state) { return .town(town, others: others) }
            return .state(state)
        }
        // A comma says where the town ends: "Denver, CO".
        if let comma = text.lastIndex(of: ",") {
            let name = String(text[..<comma]), rest = String(text[text.index(after: comma)...])
            if let state = USStates.code(for: rest.trimmingCharacters(in: .whitespaces)) {
                return inState(name, state)
            }
        }
        let candidates = towns(named: compact)
        if !candidates.isEmpty { return choose(candidates, nearestGroupKm: nearestGroupKm) }
        // The state may end the text without a comma: "Denver CO", "denver colorado", "salt lake city utah".
        for count in stride(from: min(3, words.count - 1), through: 1, by: -1) {
            if let state = USStates.code(for: words.suffix(count).joined(separator: " ")) {
                return inState(words.dropLast(count).joined(separator: " "), state)
            }
        }
        return .unknown(suggestions: closest(to: compact))
    }

    private func inState(_ name: String, _ state: String) -> PlaceMatch {
        if let (town, others) = townAndOthers(named: name, state: state) { return .town(town, others: others) }
        if PlaceName.key(name).isEmpty { return .state(state) }
        return .unknown(suggestions: closest(to: name, state: state))
    }

    private func choose(_ candidates: [Town], nearestGroupKm: ((Town) -> Double?)?) -> PlaceMatch {
        let first = candidates[0]
        if candidates.count == 1 || first.zips.count >= 3 * candidates[1].zips.count {
            return .town(first, others: Array(candidates.dropFirst()))
        }
        let likely = candidates.filter { 3 * $0.zips.count >= first.zips.count }
        if let nearestGroupKm {
            let distances = likely.map { ($0, nearestGroupKm($0)) }.compactMap { town, km in km.map { (town, $0) } }
            let close = distances.filter { $0.1 <= Self.nearbyKm }
            if close.count == 1 { return .town(close[0].0, others: candidates.filter { $0 != close[0].0 }) }
            if close.isEmpty && distances.count == 1 { return .town(distances[0].0, others: candidates.filter { $0 != distances[0].0 }) }
        }
        return .ambiguous(candidates)
    }

    /// Within this, a group is in or beside a town (10 miles).
    public static let nearbyKm = 16.0

    /// The towns whose names are the fewest letters away from `text` (at most a quarter of its letters,
    /// and at least one), in `state` when given; the best first, at most `limit`.
    public func closest(to text: String, state: String? = nil, limit: Int = 5) -> [Town] {
        let key = Array(PlaceName.key(text).utf8)
        guard key.count >= 3 else { return [] }
        let allowed = max(1, key.count / 4)
        var found: [(distance: Int, town: Town)] = []
        for index in 0..<keyCount {
            let other = self.key(index)
            guard abs(other.count - key.count) <= allowed, let d = EditDistance.between(key, Array(other), atMost: allowed) else { continue }
            for town in towns(ofKey: index) where state == nil || town.state == state {
                found.append((d, town))
            }
        }
        found.sort { ($0.distance, -$0.town.zips.count, $0.town.label) < ($1.distance, -$1.town.zips.count, $1.town.label) }
        return found.prefix(limit).map(\.town)
    }
}
