import ArgumentParser
import Circles

/// `circles routes`: every route with its method, path, access rule, body limit and area (the file of its handler).
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Print every route: method, path, who may call it, the largest body it reads, and the area that handles it.")

    func run() throws {
        print(RouteTable.listing(), terminator: "")
    }
}
