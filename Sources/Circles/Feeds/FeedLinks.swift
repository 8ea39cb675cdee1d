import Foundation
import HTTPServer

/// Everything Circles publishes in other formats than its own JSON: iCalendar, the Meeting Guide
/// feed and Atom (their routes are in `CalendarRoutes`, `MeetingGuideRoutes` and `AtomRoutes`),
/// and this middleware, which adds `Link` headers that point from a group's JSON to those other forms.
///
/// | URL | what |
/// | --- | --- |
/// | `/api/v1/groups/:id/calendar.ics` | one group's schedules |
/// | `/calendars/groups/:slug.ics` | the same, at a URL for people (the group page links it) |
/// | `/api/v1/organizations/:id/calendar.ics` | an organization's groups |
/// | `/api/v1/meetings/calendar.ics?…` | a meeting search (the filters of `/api/v1/meetings`) |
/// | `/api/v1/feeds/meeting-guide.json` | recovery meetings in the Meeting Guide format |
/// | `/api/v1/feeds/groups.atom` | new and changed groups |
enum FeedLinks {
    /// Adds `Link: <…>; rel="alternate"` to a group's JSON (its page, calendar and HSDS service)
    /// and to the group list (the Atom feed), so that clients discover the other forms.
    static let middleware: Middleware = { request, next in
        var response = try next(request)
        guard request.method == "GET" || request.method == "HEAD", response.status == 200 || response.status == 304 else { return response }
        switch request.routePattern {
        case "/api/v1/groups/:id", "/api/v1/groups/by-slug/:slug":
            var id = Int64(request.parameter("id"))
            var slug = request.routePattern.hasSuffix(":slug") ? request.parameter("slug") : nil
            if response.status == 200, id == nil || slug == nil, response.headers["Content-Encoding"] == nil,
                let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            {
                id = id ?? (object["id"] as? NSNumber)?.int64Value
                slug = slug ?? object["slug"] as? String
            }
            guard let id else { return response }
            var links = [
                "</api/v1/groups/\(id)>; rel=\"alternate\"; type=\"application/json\"",
                "</api/v1/groups/\(id)/calendar.ics>; rel=\"alternate\"; type=\"text/calendar\"",
                "</hsds/services/\(HSDSIdentifier.make(.service, id))>; rel=\"alternate\"; type=\"application/json\"; title=\"HSDS 3 service\"",
            ]
            if let slug {
                let path = PercentDecoding.encode(slug)
                links.insert("</groups/\(path)>; rel=\"alternate\"; type=\"text/html\"", at: 0)
                links.append("</calendars/groups/\(path).ics>; rel=\"alternate\"; type=\"text/calendar\"; title=\"Subscribe\"")
            }
            response.headers.add("Link", links.joined(separator: ", "))
        case "/api/v1/groups":
            response.headers.add("Link", "</api/v1/feeds/groups.atom>; rel=\"alternate\"; type=\"application/atom+xml\"")
        case "/api/v1/meetings" where !request.head.rawQuery.contains(where: { $0 == ">" || $0 == "\"" || $0 == " " }):
            response.headers.add(
                "Link",
                "</api/v1/meetings/calendar.ics\(request.head.rawQuery.isEmpty ? "" : "?" + request.head.rawQuery)>; rel=\"alternate\"; type=\"text/calendar\"")
        default:
            break
        }
        return response
    }
}
