/// Who a group is for (`group_audiences.audience`); a group may name several.
public enum Audience: String, Vocabulary {
    case everyone
    case adults
    case youngAdults = "young_adults"
    case youth
    case seniors
    case families
    case parents
    case men
    case women
    case lgbtq
    case veterans

    public var label: String {
        switch self {
        case .everyone: "Everyone"
        case .adults: "Adults"
        case .youngAdults: "Young adults"
        case .youth: "Teens and youth"
        case .seniors: "Older adults"
        case .families: "Families"
        case .parents: "Parents"
        case .men: "Men"
        case .women: "Women"
        case .lgbtq: "LGBTQ+ people"
        case .veterans: "Veterans and military families"
        }
    }
}
