import Foundation
import GroupViews
import Schedules
import Store

/// `circles.json` beside the HSDS files: what HSDS 3 has no field for, read by `circles import hsds`
/// when it is there (docs/INTEGRATIONS.md describes it; `Demo/directory` uses every part).
///
/// - `organizations`: each organization's tags (`slug`, `name`, Meeting Guide `code`).
/// - `facilitators`: an `id` of the file's own, the HSDS `organization_id`, and the fields of the
///   API's facilitator (`display_name`, `bio`, `lived_experience`, `languages`, `private_email`,
///   `private_phone`, `trainings`), checked by the same rules.
/// - `services`: a service's `tags` (slugs of its organization's tags) and `facilitator_ids`; the
///   `content_language` of its texts (`en` when absent) and their `translations`, as the API's group
///   has them (`{"es": {"name": "…", "summary": "…"}}`): HSDS 3 has one text per field.
/// - `schedule_exceptions`: a cancelled or moved meeting of a schedule, on `occurrence_date` or as the
///   `coming_occurrence` (1 is the first meeting after the day of the import); a moved one goes to
///   `moved_to_date` or `moved_by_days` later, at `moved_to_time`, at `moved_location_id`.
/// - `dates_as_of`: the day the folder's dates were written for. Every date then moves by the whole
///   weeks from that day to the day of the import (weekdays stay), so a sample directory stays current.
struct HSDSExtras {
    typealias Object = [String: Any]

    static let fileName = "circles.json"

    let file: Object
    /// The day of the import, in the import's default time zone.
    let today: LocalDate
    let now: Date

    /// The file in `directory`, or nil when there is none.
    static func load(_ directory: String, now: Date, timeZone: String) throws -> HSDSExtras? {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let file = try? JSONSerialization.jsonObject(with: data) as? Object else {
            throw ImportFileError(message: "\(path) is not a JSON object")
        }
        let zone = Recurrence.ianaTimeZone(timeZone) ?? TimeZone(identifier: "UTC")!
        return HSDSExtras(file: file, today: ZonedTime(timeZone: zone).localDateAndTime(at: now).date, now: now)
    }

    /// Adds the file's records to `batch` (read from `services`, the services of services.json), moving
    /// its dates when the file says for which day they were written.
    func apply(to batch: inout ImportBatch, services: [Object], problems: inout [ImportProblem]) {
        func problem(_ field: String, _ message: String) {
            problems.append(ImportProblem(line: nil, field: field, message: "\(Self.fileName): \(message)"))
        }
        let organizationKeys = Set(batch.organizations.map(\.key))
        for o in file["organizations"] as? [Object] ?? [] {
            guard let key = o["id"] as? String, organizationKeys.contains(key) else {
                problem("organizations", "\(o["id"] ?? "an organization") is not an organization of the HSDS files")
                continue
            }
            for t in o["tags"] as? [Object] ?? [] {
                guard let slug = HSDSImport.text(t["slug"]), FieldRules.slug(slug) == nil, let name = HSDSImport.text(t["name"]) else {
                    problem("tags", "organization \(key): a tag needs a slug (lowercase letters, digits, hyphens) and a name")
                    continue
                }
                let found = ImportChecks.text("name", name, max: 80, allowEmpty: false) + ImportChecks.text("code", HSDSImport.text(t["code"]) ?? "", max: 20)
                if let first = found.first {
                    problem("tags.\(first.field)", "organization \(key): \(first.message)")
                    continue
                }
                batch.tags.append(.init(organizationKey: key, record: TagRecord(organizationId: 0, slug: slug, name: name, code: HSDSImport.text(t["code"]))))
            }
        }
        var facilitatorKeys = Set<String>()
        for f in file["facilitators"] as? [Object] ?? [] {
            guard let key = f["id"] as? String, let organization = f["organization_id"] as? String, organizationKeys.contains(organization) else {
                problem("facilitators", "\(f["id"] ?? "a facilitator") needs an id and the organization_id of an organization of the HSDS files")
                continue
            }
            if let facilitator = Self.facilitator(f, key: key, organizationKey: organization, problem: problem) {
                batch.facilitators.append(facilitator)
                facilitatorKeys.insert(key)
            }
        }
        let groupIndex = Dictionary(batch.groups.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        let serviceKeys = Set(services.compactMap { $0["id"] as? String })
        for s in file["services"] as? [Object] ?? [] {
            guard let key = s["id"] as? String, serviceKeys.contains(key) else {
                problem("services", "\(s["id"] ?? "a service") is not a service of services.json")
                continue
            }
            // A service refused by the HSDS checks is reported there already.
            guard let index = groupIndex[key] else { continue }
            batch.groups[index].links.tags += s["tags"] as? [String] ?? []
            // The language of the texts and their translations, by the API's rules.
            var languages = JSONBody(object: s.filter { ["content_language", "translations"].contains($0.key) })
            var record = batch.groups[index].record
            var links = batch.groups[index].links
            GroupRoutes.applyLanguages(&languages, to: &record, links: &links)
            batch.groups[index].record = record
            batch.groups[index].links = links
            for error in languages.errors { problem(error.field, "service \(key): \(error.message)") }
            for facilitator in s["facilitator_ids"] as? [String] ?? [] {
                if facilitatorKeys.contains(facilitator) {
                    batch.groups[index].facilitatorKeys.append(facilitator)
                } else {
                    problem("facilitator_ids", "service \(key): \(facilitator) is not a facilitator of \(Self.fileName)")
                }
            }
        }
        var shift = 0
        if let text = file["dates_as_of"] {
            if let asOf = (text as? String).flatMap(LocalDate.init) {
                shift = Self.weeks(from: asOf, to: today) * 7
                Self.moveDates(of: &batch, byDays: shift)
            } else {
                problem("dates_as_of", "must be a date such as 2026-01-31")
            }
        }
        for (index, e) in (file["schedule_exceptions"] as? [Object] ?? []).enumerated() {
            switch exception(e, shift: shift, in: batch) {
            case .success(let exception): batch.exceptions.append(exception)
            case .failure(let failure): problem("schedule_exceptions[\(index)].\(failure.field)", failure.message)
            }
        }
    }

    /// The whole weeks from `asOf` to `today`, to the nearest.
    static func weeks(from asOf: LocalDate, to today: LocalDate) -> Int {
        Int((Double(asOf.days(to: today)) / 7).rounded())
    }

    /// Moves every date and confirmation time in the batch by `days`.
    static func moveDates(of batch: inout ImportBatch, byDays days: Int) {
        guard days != 0 else { return }
        func move(_ date: String?) -> String? {
            date.map { LocalDate($0)?.adding(days: days).description ?? $0 }
        }
        for i in batch.schedules.indices {
            batch.schedules[i].record.startsOn = move(batch.schedules[i].record.startsOn)!
            batch.schedules[i].record.endsOn = move(batch.schedules[i].record.endsOn)
        }
        for i in batch.groups.indices {
            batch.groups[i].record.lastConfirmedAt = batch.groups[i].record.lastConfirmedAt?.adding(Double(days) * 86_400)
        }
        for i in batch.facilitators.indices {
            for j in batch.facilitators[i].trainings.indices {
                batch.facilitators[i].trainings[j].completedOn = move(batch.facilitators[i].trainings[j].completedOn)
                batch.facilitators[i].trainings[j].expiresOn = move(batch.facilitators[i].trainings[j].expiresOn)
            }
        }
    }

    /// A facilitator, checked by the API's rules for a new one.
    static func facilitator(_ f: Object, key: String, organizationKey: String, problem: (String, String) -> Void) -> ImportBatch.Facilitator? {
        var fields = f
        fields["id"] = nil
        fields["organization_id"] = nil
        var body = JSONBody(object: fields)
        body.rejectUnknown(FacilitatorRoutes.kind.fields.subtracting(["organization_id"]))
        var record = FacilitatorRecord(organizationId: 0, displayName: "")
        FacilitatorRoutes.kind.apply(&body, &record, true)
        let trainings = FacilitatorRoutes.trainings(&body) ?? []
        guard body.errors.isEmpty else {
            for error in body.errors { problem(error.field, "facilitator \(key): \(error.message)") }
            return nil
        }
        return ImportBatch.Facilitator(key: key, organizationKey: organizationKey, record: record, trainings: trainings)
    }

    /// A cancelled or moved meeting of a schedule of the batch, its dates resolved (and moved by `shift` days).
    func exception(_ e: Object, shift: Int, in batch: ImportBatch) -> Result<ImportBatch.ScheduleException, ExceptionProblem> {
        guard let key = e["schedule_id"] as? String, let schedule = batch.schedules.first(where: { $0.key == key }) else {
            return .failure(.init("schedule_id", "\(e["schedule_id"] ?? "nothing") is not a schedule of services.json"))
        }
        guard let recurrence = ScheduleMapping.recurrence(schedule.record) else {
            return .failure(.init("schedule_id", "\(key) is not a valid schedule"))
        }
        guard let kind = (e["kind"] as? String).flatMap(ExceptionKind.init(rawValue:)) else {
            return .failure(.init("kind", "must be one of: \(ExceptionKind.rawValues.joined(separator: ", "))"))
        }
        let date: LocalDate
        if let text = e["occurrence_date"] as? String {
            guard let given = LocalDate(text) else { return .failure(.init("occurrence_date", "must be a date such as 2026-01-31")) }
            date = given.adding(days: shift)
        } else if let n = HSDSImport.int(e["coming_occurrence"]), n >= 1 {
            let zone = Recurrence.ianaTimeZone(schedule.record.timeZone) ?? TimeZone(identifier: "UTC")!
            let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
            let coming = recurrence.meetingDates(from: today.adding(days: 1), through: today.adding(days: 400))
            guard n <= coming.count else { return .failure(.init("coming_occurrence", "the schedule has fewer than \(n) meetings to come")) }
            date = coming[n - 1]
        } else {
            return .failure(.init("occurrence_date", "give an occurrence_date, or a coming_occurrence from 1"))
        }
        var movedTo: LocalDate?
        if let text = e["moved_to_date"] as? String {
            guard let given = LocalDate(text) else { return .failure(.init("moved_to_date", "must be a date such as 2026-01-31")) }
            movedTo = given.adding(days: shift)
        } else if let days = HSDSImport.int(e["moved_by_days"]) {
            movedTo = date.adding(days: days)
        }
        let time = e["moved_to_time"] as? String
        if let time, LocalTime(time) == nil { return .failure(.init("moved_to_time", "must be a 24-hour time such as 18:30")) }
        let checked = ScheduleException(
            occurrenceDate: date, kind: ScheduleMapping.engineKind(kind), movedToDate: movedTo, movedToTime: time.flatMap(LocalTime.init))
        if let first = checked.validate(for: recurrence).first { return .failure(.init(first.field, first.message)) }
        var record = ScheduleExceptionRecord(scheduleId: 0, occurrenceDate: date.description, kind: kind)
        record.movedToDate = movedTo?.description
        record.movedToTime = time
        record.note = HSDSImport.text(e["note"]) ?? ""
        if let found = ImportChecks.text("note", record.note, max: 500).first { return .failure(.init(found.field, found.message)) }
        let place = e["moved_location_id"] as? String
        if let place, !batch.locations.contains(where: { $0.key == place }) {
            return .failure(.init("moved_location_id", "\(place) is not a location of locations.json"))
        }
        return .success(ImportBatch.ScheduleException(scheduleKey: key, movedLocationKey: place, record: record))
    }

    struct ExceptionProblem: Error {
        var field: String
        var message: String
        init(_ field: String, _ message: String) { self.field = field; self.message = message }
    }
}
