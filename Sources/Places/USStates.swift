/// The states, the District of Columbia and the territories with ZIP codes, by postal code.
public enum USStates {
    public static let names: [String: String] = [
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
        "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
        "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
        "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
        "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
        "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
        "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
        "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
        "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
        "AS": "American Samoa", "MP": "Northern Mariana Islands",
    ]

    /// The postal code of a state written as its code or its name, in any case ("co", "Colorado",
    /// "new york", "Virgin Islands").
    public static func code(for text: String) -> String? {
        let letters = text.filter { $0.isLetter }.uppercased()
        if letters.count == 2, text.count <= 4, names[letters] != nil { return letters }
        return byName[PlaceName.key(text)]
    }

    private static let byName: [String: String] = {
        var map: [String: String] = [:]
        for (code, name) in names { map[PlaceName.key(name)] = code }
        map["virgin islands"] = "VI"
        map["washington dc"] = "DC"
        return map
    }()
}
