import Foundation
import Synchronization

/// Serves files from one folder, from memory when they are small, with validators and gzip.
///
/// No request path can leave the folder: the path is decoded once, any `.`/`..`
/// segment, backslash or NUL is refused, and the resolved real path (after
/// symbolic links) must still lie inside the folder.
public final class StaticFiles: Sendable {
    private struct CachedFile: Sendable {
        var body: [UInt8]
        var gzipped: [UInt8]?
        var etag: String
        var lastModified: Int
        var contentType: String
        var modificationNanos: Int
        var size: Int
        var checkedAt: UInt64
    }

    public let root: String
    private let cache = Mutex<[String: CachedFile]>([:])
    /// Files larger than this are read on each request instead of kept in memory.
    public let maxCachedBytes: Int
    /// How often a cached file is checked for changes on disk.
    private let revalidateNanos: UInt64

    public init(root: String, maxCachedBytes: Int = 2 << 20, revalidateSeconds: Double = 1) {
        let resolved = root.withCString { pointer -> String? in
            guard let real = realpath(pointer, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        self.root = resolved ?? root
        self.maxCachedBytes = maxCachedBytes
        self.revalidateNanos = UInt64(revalidateSeconds * 1e9)
    }

    /// The response for a request, or nil when no such file exists (so the caller answers 404).
    public func response(for request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        guard let relative = Self.safeRelativePath(request.path) else { return nil }
        // Fast path: a file checked less than a second ago is served without a system call.
        let now = monotonicNanos()
        if let cached = cache.withLock({ $0[relative] }), now &- cached.checkedAt < revalidateNanos {
            return respond(with: cached, request: request)
        }
        var path = root + relative
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard relative.hasSuffix("/") else {
                let query = request.head.rawQuery.isEmpty ? "" : "?" + request.head.rawQuery
                return .redirect(to: request.path + "/" + query, status: 301)
            }
            path += "index.html"
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        } else if (info.st_mode & S_IFMT) != S_IFREG {
            return nil
        }
        guard isInsideRoot(path) else { return nil }
        guard let file = load(key: relative, path: path, info: info) else { return nil }
        return respond(with: file, request: request)
    }

    /// A file's body by its path relative to the folder, for pages served under another path (such as a 404 page).
    public func contents(of relativePath: String) -> [UInt8]? {
        guard let relative = Self.safeRelativePath("/" + relativePath) else { return nil }
        let path = root + relative
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, isInsideRoot(path) else { return nil }
        return load(key: relative, path: path, info: info)?.body
    }

    private func respond(with file: CachedFile, request: Request) -> Response {
        let wantsGzip = file.gzipped != nil && Gzip.accepts(request.headers["Accept-Encoding"])
        let etag = wantsGzip ? String(file.etag.dropLast()) + "-gz\"" : file.etag
        var headers = HTTPHeaders()
        headers.add("Content-Type", file.contentType)
        headers.add("ETag", etag)
        headers.add("Last-Modified", HTTPDate.format(file.lastModified))
        headers.add("Cache-Control", file.contentType.hasPrefix("text/html") ? "no-cache" : "public, max-age=3600")
        if Gzip.isCompressible(contentType: file.contentType) { headers.add("Vary", "Accept-Encoding") }
        if Self.notModified(request.headers, etags: [file.etag, etag], lastModified: file.lastModified) {
            return Response(status: 304, headers: headers)
        }
        if wantsGzip { headers.add("Content-Encoding", "gzip") }
        return Response(status: 200, headers: headers, body: wantsGzip ? file.gzipped! : file.body)
    }

    /// RFC 9110 §13.1.2 and §13.1.3: If-None-Match wins over If-Modified-Since.
    static func notModified(_ headers: HTTPHeaders, etags: [String], lastModified: Int) -> Bool {
        if let inm = headers["If-None-Match"] {
            if inm.trimmingSpaces() == "*" { return true }
            let candidates = inm.split(separator: ",").map { tag -> String in
                let t = tag.trimmingSpaces()
                return t.hasPrefix("W/") ? String(t.dropFirst(2)) : String(t)
            }
            return candidates.contains { etags.contains($0) }
        }
        if let ims = headers["If-Modified-Since"], let since = HTTPDate.parse(ims) {
            return lastModified <= since
        }
        return false
    }

    private func load(key: String, path: String, info: stat) -> CachedFile? {
        let now = monotonicNanos()
        let mtime = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        if var cached = cache.withLock({ $0[key] }), cached.modificationNanos == mtime, cached.size == Int(info.st_size) {
            cached.checkedAt = now
            cache.withLock { $0[key] = cached }
            return cached
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let body = [UInt8](data)
        let contentType = MediaTypes.forPath(path)
        let gzipped = Gzip.isCompressible(contentType: contentType) && body.count >= 256
            ? Gzip.compress(body, level: 9).flatMap { $0.count < body.count ? $0 : nil } : nil
        let file = CachedFile(body: body, gzipped: gzipped, etag: "\"\(String(Self.fnv1a(body), radix: 16))\"",
                              lastModified: Int(info.st_mtim.tv_sec), contentType: contentType,
                              modificationNanos: mtime, size: Int(info.st_size), checkedAt: now)
        if body.count <= maxCachedBytes {
            cache.withLock { $0[key] = file }
        }
        return file
    }

    private func isInsideRoot(_ path: String) -> Bool {
        guard let real = realpath(path, nil) else { return false }
        defer { free(real) }
        let resolved = String(cString: real)
        return resolved.hasPrefix(root + "/")
    }

    /// The decoded path with a leading `/`, or nil if it could name anything outside the folder.
    static func safeRelativePath(_ rawPath: String) -> String? {
        guard let decoded = PercentDecoding.decode(rawPath), decoded.hasPrefix("/") else { return nil }
        if decoded.utf8.contains(where: { $0 == 0 || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) { return nil }
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if segment == "." || segment == ".." { return nil }
            if segment.hasPrefix(".") && segment != ".well-known" { return nil }
        }
        if decoded.contains("//") { return nil }
        return decoded
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            hash ^= UInt64(b)
            hash = hash &* 0x100000001b3
        }
        return hash
    }
}
