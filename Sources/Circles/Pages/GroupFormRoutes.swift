import Foundation
import HTTPServer
import Store

/// The group page's forms for a browser without JavaScript: feedback and "suggest a correction" post
/// here as ordinary forms, are checked and recorded by the same functions as the API (same fields,
/// messages, bot trap and rate limits), and answer with a page: a redirect to the group page that says
/// thank you (post/redirect/get), or the group page again with every problem and what was typed.
struct GroupFormRoutes: RouteCollection {
    let api: API
    let groupPage: GroupPage
    let feedback: FeedbackRoutes
    let corrections: ChangeRequestRoutes

    init(_ context: RouteContext) {
        api = context.api
        let templates = TemplateStore(directory: context.api.settings.publicDirectory + "/templates")
        groupPage = GroupPage(site: Site(api: context.api, templates: templates))
        feedback = FeedbackRoutes(context)
        corrections = ChangeRequestRoutes(context)
    }

    static let routes: [Route<Self>] = [
        .pageForm("/groups/:slug/feedback", Self.sendFeedback, bodyLimit: 16 * 1024),
        .pageForm("/groups/:slug/correction", Self.suggestCorrection, bodyLimit: 16 * 1024),
    ]

    func sendFeedback(_ request: Request, _ caller: Principal) throws -> Response {
        try post(request, form: .feedback, numbers: ["rating"]) { groupId, body in
            try API.limitingRefusals(api.limits.feedback, attempts: api.limits.feedbackAttempts, request) {
                try feedback.receive(request, groupId: groupId, body: body)
            }
        }
    }

    func suggestCorrection(_ request: Request, _ caller: Principal) throws -> Response {
        try post(request, form: .correction, numbers: []) { groupId, body in
            try API.limitingRefusals(api.limits.corrections, attempts: api.limits.correctionAttempts, request) {
                try corrections.receive(request, groupId: groupId, body: body)
            }
        }
    }

    /// Reads the form, lets `record` check and keep it, and answers with a page.
    private func post(
        _ request: Request, form: GroupFormState.Form, numbers: Set<String>, record: (Int64, JSONBody) throws -> Response
    ) throws -> Response {
        let slug = request.parameter("slug")
        guard FieldRules.slug(slug) == nil, let groupId = try api.database.groupId(slug: slug) else {
            throw HTTPError.notFound("There is no group at this address.")
        }
        let body = try JSONBody(form: request, numbers: numbers)
        do {
            _ = try record(groupId, body)
        } catch let error as HTTPError where error.status == 422 || error.status == 429 || error.status == 404 {
            let values = body.object.compactMapValues { value -> String? in value as? String ?? (value as? Int).map(String.init) }
            let words = Wording(api.catalogues.for(request))
            let page = try groupPage.respond(request, form: GroupFormState(form: form, refused: error, values: values, words: words), status: error.status)
            return page.keepingRetryAfter(of: error)
        }
        let page = api.catalogues.path("/groups/\(slug)", in: api.catalogues.for(request))
        return Response.redirect(to: "\(page)?sent=\(form.rawValue)#\(form.rawValue)-form", status: 303)
    }
}
