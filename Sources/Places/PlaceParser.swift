import Foundation

extension PlaceTable {
    /// Reads what a person typed into "Where?": `80202`, `80202-1234`, `Denver`, `Denver, CO`, `Denver CO`,
    /// `denver colorado`, `Brooklyn, NY`, `CO`, `Colorado`, with any case and spacing. Nil for empty text.
    /// The names of `Data/known-names.tsv` ("Queens", "NYC", "Philly") are their places; a state's code
    /// alone stays the state ("LA" is Louisiana, "LA, CA" Los Angeles).
    ///
    /// A name several states share is taken as one town when it has at least three times the ZIP codes of
    /// the next (Denver, CO over Denver, NY). Otherwise, among the towns of that name with at least a third
    /// of the most ZIP codes, the one with groups nearby is meant: `nearestGroupKm` (Circles asks the
    /// directory) names exactly one within `nearbyKm`, or else exactly one at all. Otherwise the person is
    /// asked which (Springfield).
    public func parse(_ typed: String, nearestGroupKm: ((Town) -> Double?)? = nil) -> PlaceMatch? {
        // Full-width digits and letters (a phone's other keyboard) read as plain ones; a word's closing
        // period or semicolon, and a country at the end ("Denver, CO, USA"), say nothing of the place.
        var text = typed.precomposedStringWithCompatibilityMapping
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            .map { String($0.trimmingCharacters(in: CharacterSet(charactersIn: ".;:"))) }.filter { !$0.isEmpty }
        if words.count > 1, let country = Self.countrySuffix(words) {
            words.removeLast(country)
            text = words.joined(separator: " ")
        }
        guard !words.isEmpty else { return nil }
        let compact = words.joined(separator: " ")
        // A ZIP code with a town ("Denver, CO 80218", "80218 Denver") is the most exact place named: the
        // last word of an address, or the first before a town's few words (not a house number before a street).
        if words.count > 1, let index = words.lastIndex(where: { Self.zipWord($0) != nil }),
            index == words.count - 1 || (index == 0 && words.count <= 3), let zip = Self.zipWord(words[index]).flatMap(zip)
        {
            return .zip(zip)
        }
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
        // A name for a place that is no postal town of it: "Queens", "NYC", "Philly"; "Manhattan" is asked.
        if let known = known(compact) { return known }
        // A comma says where the town ends: "Denver, CO".
        if let comma = text.lastIndex(of: ",") {
            let name = String(text[..<comma]), rest = String(text[text.index(after: comma)...])
            if let state = USStates.code(for: rest.trimmingCharacters(in: .whitespaces)) {
                return inState(name, state)
            }
        }
        let candidates = towns(named: compact)
        if !candidates.isEmpty { return choose(candidates, nearestGroupKm: nearestGroupKm) }
        if let county = county(compact, state: nil) { return county }
        // The state may end the text without a comma: "Denver CO", "denver colorado", "salt lake city utah".
        for count in stride(from: min(3, words.count - 1), through: 1, by: -1) {
            if let state = USStates.code(for: words.suffix(count).joined(separator: " ")) {
                return inState(words.dropLast(count).joined(separator: " "), state)
            }
        }
        return .unknown(suggestions: closest(to: compact))
    }

    private func inState(_ name: String, _ state: String) -> PlaceMatch {
        if let places = knownPlaces[KnownName.key(name)], let known = places.first(where: { $0.place.state == state }) {
            let others = places.map(\.place).filter { $0 != known.place } + towns(named: name).filter { $0.state != state }
            return .town(known.place, others: others)
        }
        if let (town, others) = townAndOthers(named: name, state: state) { return .town(town, others: others) }
        if let county = county(name, state: state) { return county }
        if PlaceName.key(name).isEmpty { return .state(state) }
        return .unknown(suggestions: closest(to: name, state: state))
    }

    /// The place of a known name (`Data/known-names.tsv`), with the towns of that name elsewhere as the
    /// others; asked about, its place first, when the table says so or has it in several states. The
    /// postal town of that name in the place's own state gives way to it ("Manhattan, NY" is ZIP 10048 alone).
    private func known(_ name: String) -> PlaceMatch? {
        guard let places = knownPlaces[KnownName.key(name)] else { return nil }
        let elsewhere = towns(named: name).filter { town in !places.contains { $0.place.state == town.state } }
        if places.count == 1, !places[0].asks { return .town(places[0].place, others: elsewhere) }
        return .ambiguous(places.map(\.place) + elsewhere)
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

    /// A county, parish or borough of that name ("Prowers County"), as one place; several of the name
    /// are asked about. Nil when the name does not end with such a word, or no county has it.
    private func county(_ name: String, state: String?) -> PlaceMatch? {
        guard let last = name.split(separator: " ").last?.lowercased(), Self.countyWords.contains(last) else { return nil }
        let found = counties(named: name, state: state)
        switch found.count {
        case 0: return nil
        case 1: return .town(found[0], others: [])
        default: return .ambiguous(found)
        }
    }

    static let countyWords: Set<String> = ["county", "parish", "borough", "municipio", "municipality", "area"]

    /// How many of the last words name the country: "USA", "US", "U.S.A.", "United States (of America)".
    static func countrySuffix(_ words: [String]) -> Int? {
        let keys = words.map { $0.lowercased().filter { $0 != "." } }
        if let last = keys.last, ["usa", "us", "america"].contains(last) {
            if keys.count >= 4, keys.suffix(4) == ["united", "states", "of", "america"] { return 4 }
            return 1
        }
        if keys.count >= 2, keys.suffix(2) == ["united", "states"] { return 2 }
        return nil
    }

    /// "80218" or "80218-1234" as the five digits; nil for any other word.
    static func zipWord(_ word: String) -> String? {
        let digits = word.prefix(5)
        guard digits.count == 5, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let rest = word.dropFirst(5)
        guard rest.isEmpty || (rest.first == "-" && rest.dropFirst().count == 4 && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return String(digits)
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
