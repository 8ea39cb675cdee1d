/// Bytes received on a connection and not yet consumed by the parser.
struct ByteBuffer {
    private(set) var storage: [UInt8] = []
    private(set) var readIndex = 0

    var readableCount: Int { storage.count - readIndex }
    var isEmpty: Bool { readIndex == storage.count }

    mutating func append(_ pointer: UnsafeRawBufferPointer) {
        storage.append(contentsOf: pointer.bindMemory(to: UInt8.self))
    }

    mutating func consume(_ count: Int) {
        readIndex += count
        if readIndex == storage.count {
            // Everything read: give the memory back, so that an idle connection holds none.
            storage = []
            readIndex = 0
        } else if readIndex > 65_536 && readIndex * 2 > storage.count {
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Forgets everything, releasing the memory.
    mutating func discardAll() {
        storage = []
        readIndex = 0
    }

    subscript(offset: Int) -> UInt8 { storage[readIndex + offset] }

    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        storage[(readIndex + range.lowerBound)..<(readIndex + range.upperBound)]
    }

    /// The unread bytes, without copying.
    func withReadableBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[readIndex...]))
        }
    }
}
