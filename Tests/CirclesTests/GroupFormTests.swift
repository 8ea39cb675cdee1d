import Foundation
import GRDB
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// The group page's forms work without JavaScript: they post as ordinary forms and answer with a page
/// (post/redirect/get), with the API's checks, messages, bot trap and rate limits.
@Suite(.serialized) struct GroupFormTests {
    let app: TestApp
    let admin: String
    let slug: String
    let id: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        let org = try app.makeOrganization("forms", key: admin)
        let group = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org, "name": "Form Circle", "format": "online", "online_url": "https://meet.example.org/f", "time_zone": "America/Denver",
            ])
        #expect(group.status == 201, "\(group.text)")
        slug = group.jsonObject["slug"] as! String
        id = group.jsonObject["id"] as! Int
    }

    func post(_ path: String, _ fields: [(String, String)]) throws -> ClientResponse {
        let body = fields.map { "\(PercentDecoding.encode($0.0))=\(PercentDecoding.encode($0.1))" }.joined(separator: "&")
        return try TestHTTP.send(
            app.port, "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")], body: Array(body.utf8))
    }

    /// Feedback kept for the group, reviewed or not (the public count waits for the review).
    func feedbackCount() throws -> Int {
        try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM feedback WHERE group_id = ?", arguments: [id]) ?? -1 }
    }

    @Test func feedbackIsSentAndThanksComeAfterTheRedirect() throws {
        let sent = try post("/groups/\(slug)/feedback", [("rating", "4"), ("comment", "Kind people"), ("website", "")])
        #expect(sent.status == 303, "\(sent.text)")
        #expect(sent.headers["Location"] == "/groups/\(slug)?sent=feedback#feedback-form")
        #expect(try feedbackCount() == 1)
        let page = try app.get("/groups/\(slug)?sent=feedback", headers: [("Accept", "text/html")]).text
        #expect(page.contains("Thank you. Your rating and comment appear after the group’s organization reviews them."))
    }

    @Test func aMissingRatingIsExplainedAndTheCommentKept() throws {
        let refused = try post("/groups/\(slug)/feedback", [("comment", "Kind <people>")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("Rating is required."))
        #expect(refused.text.contains(">Kind &lt;people&gt;</textarea>"))
        #expect(try feedbackCount() == 0)
        let outOfRange = try post("/groups/\(slug)/feedback", [("rating", "9")])
        #expect(outOfRange.status == 422 && outOfRange.text.contains("Rating must be"))
    }

    @Test func theBotTrapKeepsNothing() throws {
        let bot = try post("/groups/\(slug)/feedback", [("rating", "5"), ("website", "http://spam.example")])
        #expect(bot.status == 303)
        #expect(try feedbackCount() == 0)
    }

    @Test func aCorrectionIsCheckedLikeTheApiAndSent() throws {
        let refused = try post("/groups/\(slug)/correction", [("kind", "time"), ("reply_email", "not-an-address")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("Reply email "))
        #expect(refused.text.contains("value=\"not-an-address\""))
        #expect(refused.text.contains("value=\"time\" checked"))
        let sent = try post("/groups/\(slug)/correction", [("kind", "time"), ("proposed_value", "Thursdays at 7 pm")])
        #expect(sent.status == 303)
        #expect(sent.headers["Location"] == "/groups/\(slug)?sent=correction#correction-form")
        let queue = try app.get("/api/v1/change-requests", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(queue.contains { $0["proposed_value"] as? String == "Thursdays at 7 pm" })
    }

    @Test func theFormsShareTheApisRateLimit() throws {
        // Forms refused for their fields use up none of it.
        for _ in 1...6 { #expect(try post("/groups/\(slug)/correction", [("kind", "time"), ("reply_email", "not-an-address")]).status == 422) }
        var statuses: [Int] = []
        for _ in 0..<6 { statuses.append(try post("/groups/\(slug)/correction", [("kind", "no_longer_meets")]).status) }
        #expect(statuses.prefix(5).allSatisfy { $0 == 303 })
        #expect(statuses.last == 429)
        let again = try post("/groups/\(slug)/correction", [("kind", "no_longer_meets")])
        #expect(again.text.contains("Too many messages from your connection"))
        let wait = try #require(again.headers["Retry-After"].flatMap { Int($0) }, "the page says when to come back, as the API does")
        #expect(wait >= 1 && wait <= 60)
        #expect(try app.send("POST", "/api/v1/groups/\(id)/change-requests", json: ["kind": "no_longer_meets"]).status == 429)
    }

    @Test func theFormsAreOnThePageForBrowsersWithoutScripts() throws {
        let page = try app.get("/groups/\(slug)", headers: [("Accept", "text/html")]).text
        #expect(page.contains("<form class=\"feedback-form stack\" id=\"feedback-form\" method=\"post\" action=\"/groups/\(slug)/feedback\""))
        #expect(page.contains("method=\"post\" action=\"/groups/\(slug)/correction\""))
        #expect(!page.contains("data-feedback=\"/api/v1/groups/\(id)/feedback\" hidden"))
    }
}
