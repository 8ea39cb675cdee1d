import Foundation
import GroupViews
import Store
import Testing

@testable import Circles

/// The search's own JSON writer gives exactly the bytes JSONEncoder gives.
@Suite struct SearchPageJSONTests {
    @Test func everyDemoGroupIsWrittenAsJSONEncoderWritesIt() throws {
        let app = try TestApp(demo: true)
        var query = GroupQuery()
        query.limit = 100
        query.statuses = [.active, .paused, .archived]
        let result = try app.database.searchGroupsWithDetails(query, after: nil)
        #expect(result.details.count > 40)
        let now = Date()
        let signedIn = Principal(role: .admin, organizationId: nil, subject: "test")
        for principal in [Principal.anonymous, signedIn] {
            let views = result.details.map { GroupView($0, principal: principal, now: now, freshness: Freshness(staleAfterDays: 60), distanceKm: 1.25) }
            for page in [Page(data: views, next: "/api/v1/groups?q=a%20b&cursor=xyz"), Page(data: Array(views.prefix(3)), next: nil)] {
                let expected = try API.encode(page)
                let written = Self.written(page, distanceKm: 1.25)
                #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            }
        }
    }

    @Test func awkwardTextAndNumbersAreWrittenAsJSONEncoderWritesThem() throws {
        let app = try TestApp(demo: true)
        let details = try app.database.searchGroupsWithDetails(GroupQuery(), after: nil).details
        var view = GroupView(details[0], principal: Principal.anonymous, now: Date(), freshness: Freshness(staleAfterDays: 60), distanceKm: 100)
        view.name = "Quote \" backslash \\ slash / tab \t newline \n bell \u{07} del \u{7F} é 🌱"
        view.summary = "\u{08}\u{0C}\r"
        view.location?.latitude = -0.000123
        view.location?.longitude = 1e21
        let page = Page(data: [view], next: nil)
        #expect(String(decoding: Self.written(page, distanceKm: 100), as: UTF8.self) == String(decoding: try API.encode(page), as: UTF8.self))
    }

    /// A page as a search writes it: each group's object, then the page with the distance to each.
    static func written(_ page: Page<GroupView>, distanceKm: Double) -> [UInt8] {
        SearchPageJSON.encode(page.data.map { (SearchPageJSON.group($0), distanceKm) }, next: page.next)
    }

    @Test func aPageOfGroupsWrittenEarlierIsWrittenAsJSONEncoderWritesIt() throws {
        let app = try TestApp(demo: true)
        let details = try app.database.searchGroupsWithDetails(GroupQuery(), after: nil).details
        let now = Date()
        let freshness = Freshness(staleAfterDays: 60)
        let distances: [Double?] = [nil, 1.25, 3, 0.04, 12.349, 40.23, nil, 0]
        let written = details.prefix(distances.count).map {
            SearchPageJSON.group(GroupView($0, principal: Principal.anonymous, now: now, freshness: freshness))
        }
        let views = zip(details, distances).map { GroupView($0, principal: Principal.anonymous, now: now, freshness: freshness, distanceKm: $1) }
        let page = Page(data: views, next: "/api/v1/groups?near=1,2&cursor=abc")
        let fromPieces = SearchPageJSON.encode(Array(zip(written, distances)).map { ($0, $1) }, next: page.next)
        #expect(String(decoding: fromPieces, as: UTF8.self) == String(decoding: try API.encode(page), as: UTF8.self))
    }
}
