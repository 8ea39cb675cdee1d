import CirclesCommands
import HTTPServer

// Block SIGTERM/SIGINT before any thread starts, so that `serve` can wait for them.
Server.blockTerminationSignals()
CirclesCommand.main()
