import Testing

@testable import HTTPServer

/// A path that carries a secret is logged as its route's pattern, whichever way it is written.
@Suite struct LogPathTests {
    @Test(arguments: [
        ("/referrals/status/abc", "/referrals/status/*"), ("//referrals//status/abc/", "/referrals/status/*"),
        ("/referrals/%73tatus/abc", "/referrals/status/*"), ("/referrals/status/abc/more", "/referrals/status/*"),
        ("/referrals/status", nil), ("/referrals/status/", nil), ("/referrals/statusx/abc", nil), ("/referrals", nil),
        ("/api/v1/groups", nil), ("/", nil), ("/es/referrals/status/abc", "/es/referrals/status/*"),
    ])
    func aSecretPathIsLoggedAsItsPattern(_ path: String, _ logged: String?) {
        let router = Router()
        router.get("/referrals/status/:token", options: RouteOptions(logPattern: true)) { _ in .text("ok") }
        router.get("/es/referrals/status/:token", options: RouteOptions(logPattern: true)) { _ in .text("ok") }
        #expect(router.redactedLogPath(path) == logged)
    }

    @Test(arguments: [
        ("/a/b/c", ["a", "b", "c"]), ("//a//b/", ["a", "b"]), ("/", []), ("", []), ("a", ["a"]), ("/%61/b", ["%61", "b"]),
    ])
    func segmentsAreTheNonEmptyPartsAsWritten(_ path: String, _ parts: [String]) {
        #expect(PathSegments(path).map(String.init) == parts)
        #expect(PathSegments(path).map(String.init) == path.split(separator: "/").map(String.init))
    }
}
