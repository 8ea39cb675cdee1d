import ArgumentParser
import Circles

/// `circles routes`: every route with its method, path, access rule and body limit.
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Print every route: method, path, who may call it, and the largest body it reads.")

    func run() throws {
        print(RouteTable.listing(), terminator: "")
    }
}
