import Foundation
import GroupViews
import HTTPServer
import Store

/// An Atom (RFC 4287) feed of the groups most recently added or changed, newest first,
/// for community centers and intergroups that follow the directory in a feed reader.
struct AtomFeed {
    static let contentType = "application/atom+xml; charset=utf-8"
    static let maxEntries = 50

    var site: SiteAddress
    /// The feed's own absolute URL (its id and rel="self").
    var selfURL: String

    func render(_ groups: [GroupDetails]) -> [UInt8] {
        let updated = (groups.map(\.group.updatedAt).max() ?? .epoch).text
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  <id>\(Self.escape(selfURL))</id>\n"
        xml += "  <title>New and changed peer support groups</title>\n"
        xml += "  <subtitle>Groups added to or changed in the directory at \(Self.escape(site.host)), newest first.</subtitle>\n"
        xml += "  <updated>\(Self.escape(updated))</updated>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Self.escape(selfURL))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(site.absolute("/")))\"/>\n"
        xml += "  <generator>Circles</generator>\n"
        for d in groups { xml += entry(d) }
        xml += "</feed>\n"
        return Array(xml.utf8)
    }

    func entry(_ d: GroupDetails) -> String {
        let g = d.group
        let id = g.id!
        let page = site.absolute("/groups/\(PercentDecoding.encode(g.slug))")
        var summary: [String] = []
        if g.status != .active { summary.append("Not meeting for now.") }
        if !g.summary.isEmpty { summary.append(g.summary) }
        for schedule in d.schedules {
            guard let r = ScheduleMapping.recurrence(schedule) else { continue }
            let place: String
            switch g.format {
            case .online: place = "online"
            case .phone: place = "by phone"
            case .inPerson, .hybrid: place = d.place(schedule.locationId).map { "at " + $0.oneLine } ?? ""
            }
            summary.append(r.englishDescription + (place.isEmpty ? "" : ", " + place) + ".")
        }
        summary.append("Run by \(d.organization.name).")
        var xml = "  <entry>\n"
        xml += "    <id>\(Self.escape(site.absolute("/api/v1/groups/\(id)")))</id>\n"
        xml += "    <title type=\"text\">\(Self.escape(g.name))</title>\n"
        xml += "    <published>\(Self.escape(g.createdAt.text))</published>\n"
        xml += "    <updated>\(Self.escape(g.updatedAt.text))</updated>\n"
        xml += "    <author><name>\(Self.escape(d.organization.name))</name>"
        if let website = d.organization.website { xml += "<uri>\(Self.escape(website))</uri>" }
        xml += "</author>\n"
        xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(page))\"/>\n"
        xml += "    <link rel=\"alternate\" type=\"application/json\" href=\"\(Self.escape(site.absolute("/api/v1/groups/\(id)")))\"/>\n"
        xml += "    <link rel=\"alternate\" type=\"text/calendar\" href=\"\(Self.escape(site.absolute("/api/v1/groups/\(id)/calendar.ics")))\"/>\n"
        for topic in d.links.topics { xml += "    <category term=\"\(Self.escape(topic))\"/>\n" }
        xml += "    <summary type=\"text\">\(Self.escape(summary.joined(separator: "\n")))</summary>\n"
        xml += "  </entry>\n"
        return xml
    }

    /// Escapes text for XML content and attributes; drops characters XML 1.0 does not allow.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF || (0x7F...0x9F).contains(v) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
