import Store

/// Work that runs beside the HTTP server on threads of its own (the webhook senders, the hourly
/// maintenance, the directory generation's poll). `Application` keeps them in one ordered list:
/// started in that order once the server listens, stopped in reverse after it has drained and
/// before the database closes.
///
/// A protocol of our own rather than swift-service-lifecycle's `Service`: that one is `async` (a
/// `run()` that lives until its task is cancelled, inside a `ServiceGroup`), while everything here
/// is a plain thread that blocks — on epoll, on sockets, on a condition, on an fsync'd SQLite
/// write. Running those inside Swift concurrency would park blocking calls on its cooperative pool
/// (as many threads as cores: two here) to gain nothing our start/stop order does not already give.
public protocol BackgroundService: AnyObject, Sendable {
    /// A short name for logs and metrics.
    var name: String { get }
    /// Starts the work; returns once it runs.
    func start() throws
    /// Stops the work and waits until it has stopped. Safe to call twice, or without a start.
    func stop()
}

/// The watch lives in Store (it observes the database); its poll is one of the application's services.
extension DirectoryGenerationWatch: BackgroundService {}
