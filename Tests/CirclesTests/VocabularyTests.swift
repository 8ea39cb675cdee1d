import Foundation
import GRDB
import Store
import TestSupport
import Testing

@testable import Circles

/// The vocabularies (`Sources/Store/Vocabulary/`) are the one list of each closed set of words: the SQL
/// `CHECK`s, the OpenAPI enums and the labels the scripts get must say the same, word for word.
@Suite struct VocabularyTests {
    /// Each vocabulary's raw values by a name used in messages.
    static let vocabularies: [(name: String, values: [String])] = [
        ("GroupFormat", GroupFormat.rawValues), ("GroupStatus", GroupStatus.rawValues), ("JoinMode", JoinMode.rawValues),
        ("Audience", Audience.rawValues), ("OpenTo", OpenTo.rawValues), ("LocationKind", LocationKind.rawValues),
        ("ReferralStatus", ReferralStatus.rawValues), ("ReferrerType", ReferrerType.rawValues), ("ContactMethod", ContactMethod.rawValues),
        ("Role", Role.rawValues), ("ChangeRequestKind", ChangeRequestKind.rawValues), ("ChangeRequestStatus", ChangeRequestStatus.rawValues),
        ("WebhookEvent", WebhookEvent.rawValues), ("FeedbackStatus", FeedbackStatus.rawValues),
        ("FHIRTaskStatus", FHIRTaskStatus.allCases.map(\.rawValue)), ("MailKind", MailKind.rawValues),
        ("ReferralNotices", ReferralNotices.rawValues), ("ExceptionKind", ExceptionKind.rawValues),
        ("ScheduleFrequency", ScheduleFrequency.rawValues),
    ]

    // MARK: SQL

    /// What each `CHECK (column IN ('…', …))` of the migrated schema must list, by table and column.
    static let checks: [String: [String]] = [
        "groups.format": GroupFormat.rawValues, "groups.join_mode": JoinMode.rawValues, "groups.status": GroupStatus.rawValues,
        "groups.open_to": OpenTo.rawValues, "group_audiences.audience": Audience.rawValues, "locations.kind": LocationKind.rawValues,
        "api_keys.role": Role.keyRoles.map(\.rawValue), "users.role": Role.accountRoles.map(\.rawValue),
        "referrals.status": ReferralStatus.rawValues, "referrals.referrer_type": ReferrerType.rawValues,
        "referrals.preferred_contact_method": ContactMethod.rawValues, "feedback.status": FeedbackStatus.rawValues,
        "change_requests.kind": ChangeRequestKind.rawValues, "change_requests.status": ChangeRequestStatus.rawValues,
        "mail_outbox.kind": MailKind.rawValues, "users.referral_notices": ReferralNotices.rawValues,
        "account_tokens.purpose": AccountTokenPurpose.rawValues, "schedule_exceptions.kind": ExceptionKind.rawValues,
        "schedules.frequency": ScheduleFrequency.rawValues,
    ]

    /// Lists of words in the schema that are not one of these vocabularies (the recurrence engine's own).
    static let otherChecks: Set<String> = ["group_slots.part_of_day"]

    /// Every `CHECK (column IN ('a', 'b'))` of every table: "table.column" → the quoted words.
    static func stringChecks(in db: Database) throws -> [String: [String]] {
        let pattern = try NSRegularExpression(pattern: #"CHECK \((\w+) IN \(('[^)]*)\)\)"#)
        var found: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL") {
            let table: String = row["name"], sql: String = row["sql"]
            for match in pattern.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)) {
                let column = String(sql[Range(match.range(at: 1), in: sql)!])
                let words = sql[Range(match.range(at: 2), in: sql)!].split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
                }
                found["\(table).\(column)"] = words
            }
        }
        return found
    }

    @Test func everySQLCheckListsTheVocabulary() throws {
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try AppDatabase(path: folder + "/fresh.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? database.close() }
        let found = try database.pool.read { try Self.stringChecks(in: $0) }
        for (column, expected) in Self.checks {
            #expect(found[column] == expected, "\(column): the schema says \(found[column] ?? []), the enum \(expected)")
        }
        for column in found.keys where Self.checks[column] == nil {
            #expect(Self.otherChecks.contains(column), "\(column) lists words no vocabulary test knows: \(found[column] ?? [])")
        }
    }

    // MARK: OpenAPI

    /// An `enum` of the OpenAPI document, where it is ("components/schemas/Group/properties/format").
    struct DocumentEnum {
        var path: [String]
        var values: [String]
        var text: String { path.joined(separator: "/") }
    }

    /// Enums of the document that share words with a vocabulary without being one: topic slugs are data;
    /// a meeting's status is the recurrence engine's (`Occurrence.Status`): scheduled, or changed by an exception.
    static let otherEnums: Set<String> = ["components/schemas/TopicSlug", "components/schemas/Meeting/properties/status"]

    static func enums(in value: Any, at path: [String] = []) -> [DocumentEnum] {
        if let object = value as? [String: Any] {
            var found: [DocumentEnum] = []
            if let values = object["enum"] as? [Any] { found.append(DocumentEnum(path: path, values: values.compactMap { $0 as? String })) }
            for (key, child) in object { found += enums(in: child, at: path + [key]) }
            return found
        }
        if let array = value as? [Any] {
            return array.enumerated().flatMap { enums(in: $1, at: path + [String($0)]) }
        }
        return []
    }

    /// What an enum of the document must list, from the property or parameter it describes; nil when
    /// it is none of these vocabularies. Enums inside `if` (conditions of a rule) are subsets by design.
    static func expected(_ e: DocumentEnum) -> (vocabulary: String, values: [String])? {
        guard !e.path.contains("if") else { return nil }
        let owner = e.path.count > 2 && e.path[0] == "components" ? e.path[2] : ""
        let field = e.path.last { !["items", "schema", "enum"].contains($0) && Int($0) == nil } ?? ""
        let pathName = e.path.count > 1 && e.path[0] == "paths" ? e.path[1] : ""
        switch (field, owner) {
        case ("format", _), ("Format", _): return ("GroupFormat", GroupFormat.rawValues)
        case ("audiences", _), ("Audience", _): return ("Audience", Audience.rawValues)
        case ("join_mode", _), ("Join", _): return ("JoinMode", JoinMode.rawValues)
        case ("open_to", _), ("OpenTo", _): return ("OpenTo", OpenTo.rawValues)
        case ("Status", "Status"): return ("GroupStatus", GroupStatus.listed.map(\.rawValue))
        case ("status", let o) where o.hasPrefix("Group"): return ("GroupStatus", GroupStatus.rawValues)
        case ("kind", let o) where o.hasPrefix("Location"): return ("LocationKind", LocationKind.rawValues)
        case ("kind", let o) where o.hasPrefix("ChangeRequest"): return ("ChangeRequestKind", ChangeRequestKind.rawValues)
        case ("kind", let o) where o.hasPrefix("ScheduleException"): return ("ExceptionKind", ExceptionKind.rawValues)
        case ("frequency", let o) where o.hasPrefix("Schedule"): return ("ScheduleFrequency", ScheduleFrequency.rawValues)
        // The answer to "I went" and "not for me" from the status link.
        case ("status", "PersonStep"): return ("ReferralStatus", [ReferralStatus.attended, .notForMe].map(\.rawValue))
        case ("fhir_status", "PersonStep"):
            return ("FHIRTaskStatus", [ReferralStatus.attended, .notForMe].map { ReferralWorkflow.fhirTaskStatus($0).rawValue })
        case ("status", let o) where o.hasPrefix("Referral"): return ("ReferralStatus", ReferralStatus.rawValues)
        case ("from_status", _), ("to_status", _), ("previous_status", _): return ("ReferralStatus", ReferralStatus.rawValues)
        case ("fhir_status", _): return ("FHIRTaskStatus", FHIRTaskStatus.allCases.map(\.rawValue))
        case ("referrer_type", _): return ("ReferrerType", ReferrerType.rawValues)
        case ("preferred_contact_method", _): return ("ContactMethod", ContactMethod.rawValues)
        case ("role", "Session"): return ("Role", Role.accountRoles.map(\.rawValue))
        case ("role", "APIKey"): return ("Role", Role.keyRoles.map(\.rawValue))
        case ("role", "Account"): return ("Role", Role.accountRoles.map(\.rawValue))
        case ("role", "AccountInvite"), ("role", "AccountChange"): return ("Role", AccountRoutes.invitedRoles.map(\.rawValue))
        case ("role", "APIKeyCreate"): return ("Role", [Role.partner, .coordinator].map(\.rawValue))
        case ("status", "FeedbackModeration"): return ("FeedbackStatus", FeedbackStatus.rawValues)
        case ("status", "ChangeRequest"): return ("ChangeRequestStatus", ChangeRequestStatus.rawValues)
        case ("events", _), ("event", _): return ("WebhookEvent", WebhookEvent.rawValues)
        case ("referral_notices", _): return ("ReferralNotices", ReferralNotices.rawValues)
        case ("kind", "MailFailure"): return ("MailKind", MailKind.rawValues)
        default: break
        }
        switch pathName {
        case "/api/v1/referrals": return ("ReferralStatus", ReferralStatus.rawValues)
        case "/api/v1/feedback": return ("FeedbackStatus", FeedbackStatus.rawValues)
        case "/api/v1/change-requests": return ("ChangeRequestStatus", ChangeRequestStatus.rawValues)
        default: return nil
        }
    }

    @Test func everyOpenAPIEnumListsTheVocabulary() throws {
        let data = try #require(FileManager.default.contents(atPath: TestHTTP.repositoryRoot + "/Public/openapi.json"))
        let document = try JSONSerialization.jsonObject(with: data)
        var checked: Set<String> = []
        for e in Self.enums(in: document) {
            if let (vocabulary, values) = Self.expected(e) {
                #expect(e.values == values, "\(e.text) lists \(e.values); \(vocabulary) says \(values)")
                checked.insert(vocabulary)
            } else if !e.path.contains("if") && !Self.otherEnums.contains(e.text) {
                // An enum this test does not map must not be one of these vocabularies (or part of one).
                for vocabulary in Self.vocabularies where Set(e.values).intersection(vocabulary.values).count >= 2 {
                    Issue.record("\(e.text) lists \(e.values), words of \(vocabulary.name), but no rule of this test checks it")
                }
            }
        }
        let all = Set(Self.vocabularies.map(\.name))
        #expect(checked == all, "vocabularies the document never lists: \(all.subtracting(checked))")
    }

    // MARK: Labels

    /// The words of each vocabulary in `/js/vocabulary.json`, in the order the file lists them.
    static func served(_ text: String) throws -> [String: [(String, String)]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var result: [String: [(String, String)]] = [:]
        for (name, value) in object {
            guard let words = value as? [String: String] else { continue }
            // JSONSerialization forgets the order: read it back from where each code appears in the text.
            let section = text.range(of: "\"\(name)\": {").map { text[$0.upperBound...] } ?? ""
            let end = section.firstIndex(of: "}") ?? section.endIndex
            result[name] = words.sorted { section[..<end].range(of: "\"\($0.key)\":")!.lowerBound < section[..<end].range(of: "\"\($1.key)\":")!.lowerBound }
                .map { ($0.key, $0.value) }
        }
        return result
    }

    @Test func theScriptsGetTheLabelsOfTheEnums() throws {
        let app = try TestApp()
        let response = try app.get(VocabularyWords.jsonPath, headers: [("Accept-Encoding", "gzip")])
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(response.headers["ETag"] != nil && response.headers["Content-Encoding"] == "gzip")
        let text = try app.get(VocabularyWords.jsonPath).text
        let served = try Self.served(text)
        let loaded = try Catalogues(directory: TestHTTP.repositoryRoot + "/Public/locales")
        #expect(served["page_language"]?.first { $0.0 == "es" }?.1 == "Español")
        func labels<V: Vocabulary>(_ type: V.Type, _ label: (V) -> String = { $0.label }) -> [String] { V.allCases.map(label) }
        let expected: [String: ([String], [String])] = [
            "audience": (Audience.rawValues, labels(Audience.self)),
            "change_request_kind": (ChangeRequestKind.rawValues, labels(ChangeRequestKind.self)),
            "change_request_status": (ChangeRequestStatus.rawValues, labels(ChangeRequestStatus.self)),
            "contact_method": (ContactMethod.rawValues, labels(ContactMethod.self)),
            "feedback_status": (FeedbackStatus.rawValues, labels(FeedbackStatus.self)),
            "group_format": (GroupFormat.rawValues, labels(GroupFormat.self)),
            "group_status": (GroupStatus.rawValues, labels(GroupStatus.self)),
            "join_mode": (JoinMode.rawValues, labels(JoinMode.self)),
            "location_kind": (LocationKind.rawValues, labels(LocationKind.self)),
            "open_to": (OpenTo.rawValues, labels(OpenTo.self)),
            "referral_status": (ReferralStatus.rawValues, labels(ReferralStatus.self)),
            "referral_status_for_person": (ReferralStatus.rawValues, labels(ReferralStatus.self, \.personLabel)),
            "referrer_type": (ReferrerType.rawValues, labels(ReferrerType.self)),
            "role": (Role.rawValues, labels(Role.self)),
            "schedule_frequency": (ScheduleFrequency.rawValues, labels(ScheduleFrequency.self)),
            "mail_kind": (MailKind.rawValues, labels(MailKind.self)),
            "referral_notices": (ReferralNotices.rawValues, labels(ReferralNotices.self)),
            "webhook_event": (WebhookEvent.rawValues, labels(WebhookEvent.self)),
            "language": (Words.languages.map(\.code), Words.languages.map(\.label)),
            "time_zone": (Words.timeZoneChoices.map(\.code), Words.timeZoneChoices.map(\.label)),
            "state": (Words.states.sorted { $0.value < $1.value }.map(\.key), Words.states.values.sorted()),
            // The languages of the catalogues in Public/locales, each by its own name.
            "page_language": (loaded.all.map(\.code), loaded.all.map(\.name)),
        ]
        #expect(Set(served.keys) == Set(expected.keys))
        for (name, (codes, words)) in expected {
            let got = served[name] ?? []
            #expect(got.map(\.0) == codes, "\(name): codes \(got.map(\.0))")
            #expect(got.map(\.1) == words, "\(name): labels \(got.map(\.1))")
        }
        let moves = try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["referral_status_moves"] as? [String: [String]])
        for status in ReferralStatus.allCases {
            #expect(moves[status.rawValue] == ReferralWorkflow.coordinatorMoves(from: status).map(\.rawValue), "moves from \(status)")
        }
    }

    /// The console's group editor offers a translation fieldset per page language, and reads them from the
    /// file: one more catalogue is one more language in every language's file, English first, by its own name.
    @Test func thePageLanguagesAreTheCataloguesLoaded() throws {
        let locales = TestHTTP.repositoryRoot + "/Public/locales"
        func file(_ code: String) throws -> Data { try #require(FileManager.default.contents(atPath: locales + "/" + code + ".json")) }
        var french = try #require(try JSONSerialization.jsonObject(with: try file("es")) as? [String: Any])
        french["language"] = ["code": "fr", "name": "Français"]
        let catalogues = try Catalogues([
            try Catalogue(json: try JSONSerialization.data(withJSONObject: french), file: "fr.json"),
            try Catalogue(json: try file("es"), file: "es.json"), try Catalogue(json: try file("en"), file: "en.json"),
        ])
        for catalogue in catalogues.all {
            let served = try Self.served(String(decoding: try VocabularyWords.json(catalogue, catalogues: catalogues), as: UTF8.self))
            let languages = try #require(served["page_language"], "\(catalogue.code)")
            #expect(languages.map(\.0) == ["en", "es", "fr"], "\(catalogue.code)")
            #expect(languages.map(\.1) == ["English", "Español", "Français"], "\(catalogue.code)")
        }

        // As served: every language's file lists the same languages.
        let app = try TestApp()
        let loaded = try Catalogues(directory: locales)
        for catalogue in loaded.all {
            let response = try app.get(VocabularyWords.jsonPath(catalogue, loaded))
            #expect(response.status == 200, "\(catalogue.code)")
            #expect(try Self.served(response.text)["page_language"]?.map(\.0) == loaded.all.map(\.code), "\(catalogue.code)")
        }
        #expect(loaded.all.count >= 2)
    }

    /// No script lists the page languages itself (`['en', 'es']`): they are the catalogues the server loaded.
    @Test func noScriptListsThePageLanguages() throws {
        let copy = try NSRegularExpression(pattern: "\\[\\s*['\"]en['\"]\\s*,\\s*['\"]es['\"]")
        for folder in ["Public/js", "Public/admin"] {
            let path = TestHTTP.repositoryRoot + "/" + folder
            for name in try FileManager.default.contentsOfDirectory(atPath: path) where name.hasSuffix(".js") {
                let text = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
                #expect(copy.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil, "\(folder)/\(name) lists the page languages")
            }
        }
    }

    /// No script keeps its own copy of a word's label (`in_person: 'In person'`, `['online', 'Online']`):
    /// they read `/js/vocabulary.json`.
    @Test func noScriptCopiesALabel() throws {
        var scripts: [String: String] = [:]
        for folder in ["Public/js", "Public/admin"] {
            let path = TestHTTP.repositoryRoot + "/" + folder
            for name in try FileManager.default.contentsOfDirectory(atPath: path) where name.hasSuffix(".js") {
                scripts[folder + "/" + name] = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
            }
        }
        #expect(scripts.count > 10)
        for vocabulary in VocabularyWords.vocabularies {
            for word in vocabulary.words {
                let code = NSRegularExpression.escapedPattern(for: word.code), label = NSRegularExpression.escapedPattern(for: word.label)
                let copy = try NSRegularExpression(pattern: "['\"]?\(code)['\"]?\\s*[:,]\\s*['\"]\(label)['\"]")
                for (name, text) in scripts where copy.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                    Issue.record("\(name) copies the label of \(vocabulary.name) \(word.code): “\(word.label)”")
                }
            }
        }
    }

    /// Nor does a template (`<option value="new">New</option>`, `value="phone"> Phone call</label>`): they
    /// list `{{#referral_status}}…{{/referral_status}}` and the like.
    @Test func noTemplateCopiesALabel() throws {
        let root = TestHTTP.repositoryRoot + "/Public/templates"
        let names = try #require(FileManager.default.subpaths(atPath: root)).filter { $0.hasSuffix(".html") }
        #expect(names.count > 20)
        for name in names {
            let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
            for vocabulary in VocabularyWords.vocabularies {
                for word in vocabulary.words {
                    let code = NSRegularExpression.escapedPattern(for: word.code), label = NSRegularExpression.escapedPattern(for: word.label)
                    let copy = try NSRegularExpression(pattern: "value=\"\(code)\"[^>]*>\\s*\(label)\\s*<")
                    if copy.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                        Issue.record("templates/\(name) copies the label of \(vocabulary.name) \(word.code): “\(word.label)”")
                    }
                }
            }
        }
    }
}
