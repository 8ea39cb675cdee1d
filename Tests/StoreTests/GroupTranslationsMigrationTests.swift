import Foundation
import GRDB
import Store
import Testing

/// `0018_group_translations.sql`: a group's texts get a language of their own and translations. A database
/// migrated before it keeps what pages guessed until then (a group meeting only in Spanish writes in Spanish).
@Suite struct GroupTranslationsMigrationTests {
    @Test func theLanguageOfExistingGroupsIsTheirOnlyLanguageAndTranslationsAreChecked() throws {
        let dir = NSTemporaryDirectory() + "circles-0018-" + UUID().uuidString
        let migrations = dir + "/migrations"
        try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = ListingsMigrationTests.repositoryMigrations
        let all = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".sql") }.sorted()
        for file in all where file < "0018" { try FileManager.default.copyItem(atPath: source + "/" + file, toPath: migrations + "/" + file) }

        var db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: migrations)
        try db.pool.write { db in
            try db.execute(
                sql: "INSERT INTO organizations (slug, name, created_at, updated_at) VALUES ('o', 'O', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
            for slug in ["spanish", "both", "asl", "none", "odd"] {
                try db.execute(
                    sql:
                        "INSERT INTO groups (organization_id, slug, name, format, time_zone, created_at, updated_at) VALUES (1, ?, 'G', 'in_person', 'UTC', 'x', 'x')",
                    arguments: [slug])
            }
            try db.execute(
                sql: """
                    INSERT INTO group_languages (group_id, language) VALUES
                        (1, 'es'), (2, 'en'), (2, 'es'), (3, 'ase'), (5, 'zh-hant')
                    """)
        }
        try db.close()
        for file in all where file >= "0018" { try FileManager.default.copyItem(atPath: source + "/" + file, toPath: migrations + "/" + file) }
        db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: migrations)
        defer { try? db.close() }
        try db.pool.write { db in
            let languages = try String.fetchAll(db, sql: "SELECT content_language FROM groups ORDER BY id")
            // Only a single written language other than English is taken; `zh-hant` is no tag of the column's form.
            #expect(languages == ["es", "en", "en", "en", "en"])
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE groups SET content_language = 'Spanish' WHERE id = 1") }
            try db.execute(sql: "UPDATE groups SET content_language = 'es-419' WHERE id = 1")
            try db.execute(sql: "INSERT INTO group_translations (group_id, language, name) VALUES (2, 'es-mx', 'Ambos')")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO group_translations (group_id, language) VALUES (2, 'ES')") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO group_translations (group_id, language, name) VALUES (2, 'fr', '')") }
            // Translations go with their group.
            try db.execute(sql: "DELETE FROM groups WHERE id = 2")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM group_translations") == 0)
        }
        #expect(ContentLanguage.isTag("es") && ContentLanguage.isTag("es-mx") && ContentLanguage.isTag("es-419") && ContentLanguage.isTag("haw"))
        #expect(!ContentLanguage.isTag("ES") && !ContentLanguage.isTag("zh-hant") && !ContentLanguage.isTag("e") && !ContentLanguage.isTag("es-"))
    }
}
