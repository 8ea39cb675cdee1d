import GroupViews
import HTTPServer
import Schedules
import Store

/// The API's human labels in the language a client asks for with `Accept-Language` (schedule and meeting
/// summaries, topic names): the catalogue's words when it has that language, English otherwise. The
/// answer says which (`Content-Language`) and that it depends on the header (`Vary`). Codes never change.
extension API {
    /// The best of our languages for the request's `Accept-Language`, English when it names none.
    func language(_ request: Request) -> Catalogue {
        catalogues.negotiate(request.headers["Accept-Language"]) ?? catalogues.english
    }

    /// `response` marked with its language.
    static func labelled(_ response: Response, _ catalogue: Catalogue) -> Response {
        var response = response
        response.headers.add("Content-Language", catalogue.code)
        response.headers.add("Vary", "Accept-Language")
        return response
    }
}

extension GroupView {
    /// The view with its schedules' and next meeting's summaries in `words`' language (English is as built).
    func localized(_ d: GroupDetails, _ words: Wording) -> GroupView {
        guard words.catalogue.code != "en" else { return self }
        var view = self
        for index in view.schedules.indices {
            guard let record = d.schedules.first(where: { $0.id == view.schedules[index].id }) else { continue }
            view.schedules[index].summary = ScheduleMapping.recurrence(record).map(words.schedule) ?? ""
        }
        if let meeting = view.nextMeeting { view.nextMeeting = meeting.localized(words) }
        return view
    }
}

extension MeetingView {
    /// "martes, 7:00 p. m." for "Tuesday 7:00 pm".
    func localized(_ words: Wording) -> MeetingView {
        guard words.catalogue.code != "en", let date = LocalDate(date), let time = LocalTime(startTime) else { return self }
        var view = self
        view.summary = words.catalogue.text("dates.weekday_time", ["weekday": words.weekday(date.weekday), "time": words.time(time)])
        return view
    }
}
