import Foundation
import Synchronization

/// Serves files from one folder, from memory when they are small, with validators and gzip.
///
/// No request path can leave the folder: the path is decoded once, any `.`/`..`
/// segment, backslash or NUL is refused, and the resolved real path (after
/// symbolic links) must still lie inside the folder.
public final class StaticFiles: Sendable {
    /// A file in memory with every header it is served with, built once when it is loaded.
    private final class CachedFile: Sendable {
        let body: [UInt8]
        let gzipped: [UInt8]?
        let etag: String
        let gzipETag: String
        let lastModified: Int
        let contentType: String
        let modificationNanos: Int
        let size: Int
        /// Made in memory (`serve(_:at:lastModified:)`), not read from disk: never compared with a file.
        let pinned: Bool
        /// Headers of the identity body, and of the gzip body with and without `Content-Encoding` (for 304).
        let headers: HTTPHeaders
        let gzipHeaders: HTTPHeaders
        let gzipNotModifiedHeaders: HTTPHeaders
        /// When the file on disk was last compared with this copy (monotonic ns).
        let checkedAt: Atomic<UInt64>

        init(
            body: [UInt8], gzipped: [UInt8]?, lastModified: Int, contentType: String, modificationNanos: Int, size: Int, checkedAt: UInt64,
            pinned: Bool = false
        ) {
            self.body = body
            self.gzipped = gzipped
            let etag = "\"\(String(StaticFiles.fnv1a(body), radix: 16))\""
            self.etag = etag
            gzipETag = String(etag.dropLast()) + "-gz\""
            self.lastModified = lastModified
            self.contentType = contentType
            self.modificationNanos = modificationNanos
            self.size = size
            self.pinned = pinned
            self.checkedAt = Atomic(checkedAt)
            let compressible = Gzip.isCompressible(contentType: contentType)
            func make(_ tag: String) -> HTTPHeaders {
                var headers = HTTPHeaders()
                headers.add("Content-Type", contentType)
                headers.add("ETag", tag)
                headers.add("Last-Modified", HTTPDate.format(lastModified))
                headers.add("Cache-Control", contentType.hasPrefix("text/html") ? "no-cache" : "public, max-age=3600")
                if compressible { headers.add("Vary", "Accept-Encoding") }
                return headers
            }
            headers = make(etag)
            gzipNotModifiedHeaders = make(gzipETag)
            var zipped = gzipNotModifiedHeaders
            zipped.add("Content-Encoding", "gzip")
            gzipHeaders = zipped
        }
    }

    public let root: String
    private let cache = Mutex<[String: CachedFile]>([:])
    /// Files larger than this are read on each request instead of kept in memory (and never compressed).
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
        self.revalidateNanos = UInt64(min(max(0, revalidateSeconds), 1e9) * 1e9)
    }

    /// The response for a request, or nil when no such file exists (so the caller answers 404).
    public func response(for request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        guard let relative = Self.safeRelativePath(request.path) else { return nil }
        // Fast path: a file checked less than a second ago is served without a system call.
        let now = monotonicNanos()
        if let cached = cache.withLock({ $0[relative] }), cached.pinned || now &- cached.checkedAt.load(ordering: .relaxed) < revalidateNanos {
            return respond(with: cached, request: request)
        }
        var path = root + relative
        if relative.hasSuffix("/") {
            path += "index.html"
        }
        // The real path (after every symbolic link) must lie inside the folder; it is what is read.
        guard let real = Self.realPath(path), real.hasPrefix(root + "/") else { return nil }
        var info = stat()
        guard stat(real, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let query = request.head.rawQuery.isEmpty ? "" : "?" + request.head.rawQuery
            return .redirect(to: request.path + "/" + query, status: 301)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        guard let file = load(key: relative, path: real, info: info) else { return nil }
        return respond(with: file, request: request)
    }

    /// A file's body by its path relative to the folder, for pages served under another path (such as a 404 page).
    public func contents(of relativePath: String) -> [UInt8]? {
        guard let relative = Self.safeRelativePath("/" + relativePath) else { return nil }
        if let cached = cache.withLock({ $0[relative] }), cached.pinned { return cached.body }
        guard let real = Self.realPath(root + relative), real.hasPrefix(root + "/") else { return nil }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return load(key: relative, path: real, info: info)?.body
    }

    /// Serves `body` at `path` (a `/`-rooted address; an `index.html` also at its folder's address)
    /// from memory exactly as a file read from disk — the same validators, gzip and 304 — and in
    /// place of any file there. For a page assembled once at start-up; it never changes afterwards.
    public func serve(_ body: [UInt8], at path: String, lastModified: Int) {
        guard let relative = Self.safeRelativePath(path), !relative.hasSuffix("/") else { return }
        let contentType = MediaTypes.forPath(relative)
        let file = CachedFile(
            body: body, gzipped: Self.gzipped(body, contentType: contentType), lastModified: lastModified, contentType: contentType,
            modificationNanos: 0, size: body.count, checkedAt: 0, pinned: true)
        cache.withLock { cache in
            cache[relative] = file
            if relative.hasSuffix("/index.html") { cache[String(relative.dropLast("index.html".count))] = file }
        }
    }

    private func respond(with file: CachedFile, request: Request) -> Response {
        let wantsGzip = file.gzipped != nil && Gzip.accepts(request.headers["Accept-Encoding"])
        if (request.headers.contains("If-None-Match") || request.headers.contains("If-Modified-Since"))
            && Self.notModified(request.headers, etags: [file.etag, file.gzipETag], lastModified: file.lastModified)
        {
            return Response(status: 304, headers: wantsGzip ? file.gzipNotModifiedHeaders : file.headers)
        }
        if wantsGzip, let gzipped = file.gzipped {
            return Response(status: 200, headers: file.gzipHeaders, body: gzipped)
        }
        return Response(status: 200, headers: file.headers, body: file.body)
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
        let mtime = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        if let cached = cache.withLock({ $0[key] }), cached.modificationNanos == mtime, cached.size == Int(info.st_size) {
            cached.checkedAt.store(now, ordering: .relaxed)
            return cached
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let body = [UInt8](data)
        let contentType = MediaTypes.forPath(path)
        let cacheable = body.count <= maxCachedBytes
        // Only files kept in memory are compressed (once); a large file is not compressed on every request.
        let gzipped = cacheable ? Self.gzipped(body, contentType: contentType) : nil
        let file = CachedFile(
            body: body, gzipped: gzipped, lastModified: Int(info.st_mtim.tv_sec), contentType: contentType,
            modificationNanos: mtime, size: Int(info.st_size), checkedAt: now)
        cache.withLock { cache in
            if cacheable { cache[key] = file } else { cache[key] = nil }
        }
        return file
    }

    /// The gzip form worth keeping (compressed once): of a compressible type, not tiny, and smaller.
    private static func gzipped(_ body: [UInt8], contentType: String) -> [UInt8]? {
        guard Gzip.isCompressible(contentType: contentType), body.count >= 256 else { return nil }
        return Gzip.compress(body, level: 9).flatMap { $0.count < body.count ? $0 : nil }
    }

    private static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// The decoded path with a leading `/`, or nil if it could name anything outside the folder:
    /// `.` and `..` segments, any other segment starting with a dot (but `.well-known`), empty
    /// segments, backslashes, NUL and control characters are all refused.
    static func safeRelativePath(_ rawPath: String) -> String? {
        let decoded: String
        if rawPath.utf8.contains(UInt8(ascii: "%")) {
            guard let text = PercentDecoding.decode(rawPath) else { return nil }
            decoded = text
        } else {
            decoded = rawPath
        }
        var bytes = decoded.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "/") else { return nil }
        var segmentLength = 0
        var dotSegment = false
        var segment: [UInt8] = []
        func segmentIsSafe() -> Bool {
            !dotSegment || segment == Array(".well-known".utf8)
        }
        while let c = bytes.next() {
            if c < 0x20 || c == 0x7F || c == UInt8(ascii: "\\") { return nil }
            if c == UInt8(ascii: "/") {
                if segmentLength == 0 || !segmentIsSafe() { return nil }
                segmentLength = 0
                dotSegment = false
                segment.removeAll(keepingCapacity: true)
                continue
            }
            if segmentLength == 0 && c == UInt8(ascii: ".") { dotSegment = true }
            if dotSegment { segment.append(c) }
            segmentLength += 1
        }
        guard segmentIsSafe() else { return nil }
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
