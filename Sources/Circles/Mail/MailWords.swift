import Foundation

/// The words of every message, read from the `mail` section of the site's catalogues
/// (`Public/locales/<code>.json`: `mail.receipt.subject`), so that mail speaks every language the
/// pages do and a language is one more file. A message to a person is in the language they chose on
/// the form (English when the site has no catalogue for it); staff's mail is in English, since
/// accounts have no language of their own.
struct MailWords: Sendable {
    let catalogues: Catalogues

    /// The message `key` in `language`, placeholders filled.
    func text(_ key: String, language: String, _ values: [String: String] = [:]) -> String {
        catalogue(language).text(key, values)
    }

    /// The form of plural `key` for `count` in `language`, `{count}` and the other placeholders filled.
    func plural(_ key: String, count: Int, language: String, _ values: [String: String] = [:]) -> String {
        catalogue(language).plural(key, count: count, values)
    }

    /// The language a message is written in: the person's (`es-MX` reads `es`), when there are words for it.
    func language(_ requested: String) -> String {
        let code = String(requested.lowercased().prefix { $0 != "-" && $0 != "_" })
        return catalogues[code]?.code ?? "en"
    }

    /// A public page's path as it reads in `language` (`/es/referrals/status/…`), so a link in a
    /// message opens the page in the language the message is written in.
    func path(_ path: String, language: String) -> String {
        catalogues.path(path, in: catalogue(language))
    }

    private func catalogue(_ language: String) -> Catalogue {
        catalogues[language] ?? catalogues.english
    }
}
