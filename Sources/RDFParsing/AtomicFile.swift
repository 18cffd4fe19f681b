#if canImport(Glibc)
import Glibc
#endif

/// Writes files atomically: to a temporary file in the target's directory, flushed, then renamed
/// over the target, so readers see the old file or the new one, never a half-written one.
///
/// The temporary file is created with `O_EXCL|O_NOFOLLOW` under a random name
/// (`.NAME.panet-tmp-PID-XXXXXX`), so a symlink planted there is never followed. A symlink at the
/// target is followed and its final target replaced (the link stays); a character device, FIFO or
/// socket at the target (`/dev/stdout`, `/dev/null`) is written through, never replaced. A replaced
/// file keeps its permission bits; a new file gets `0666 & ~umask`. Temporary files that a killed
/// run left for the same target (their process is gone) are removed when the next one starts.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`.
    ///
    /// - Throws: `RDFParsingError.io` naming the path when any step fails; the temporary file is removed.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        let writer = try Writer(path: path)
        let data = Array(bytes)
        try data.withUnsafeBytes { try writer.write($0) }
        try writer.commit()
    }

    /// Replaces the file at `path` with the UTF-8 bytes of `text`.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// A file written in pieces and moved into place by `commit()`; dropped without a commit, the
    /// temporary file is removed and the target left as it was.
    public final class Writer {
        /// The path the caller gave (used in messages).
        public let path: String
        private var descriptor: Int32
        /// The temporary file, nil when writing straight through to a device.
        private var temporaryPath: String?
        /// The file the temporary one replaces (the final target of any symlinks at `path`).
        private let targetPath: String
        private var isFinished = false

        /// Prepares to replace `path`.
        ///
        /// - Throws: `RDFParsingError.io` when the target is a directory, its directory is not
        ///   writable, or the temporary file cannot be created.
        public init(path: String) throws {
            self.path = path
            var followed = stat()
            if stat(path, &followed) == 0 {
                let kind = followed.st_mode & S_IFMT
                if kind == S_IFDIR { throw RDFParsingError.io(path: path, message: "is a directory") }
                if kind != S_IFREG {
                    // A device, FIFO or socket (`/dev/stdout` too): write through it, as a shell
                    // redirection would.
                    let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                    guard fd >= 0 else {
                        throw RDFParsingError.io(path: path, message: "cannot open: \(AtomicFile.lastError())")
                    }
                    descriptor = fd
                    temporaryPath = nil
                    targetPath = path
                    return
                }
            }
            targetPath = try AtomicFile.resolveSymlinks(path)
            var info = stat()
            let exists = lstat(targetPath, &info) == 0
            let (directory, name) = AtomicFile.split(targetPath)
            AtomicFile.removeStaleTemporaryFiles(directory: directory, name: name)
            // A new file gets 0666 less the umask from open(2); a replaced one its own bits.
            let (fd, temporary) = try AtomicFile.createTemporaryFile(
                directory: directory, name: name, mode: exists ? info.st_mode & 0o666 : 0o666, for: path)
            descriptor = fd
            temporaryPath = temporary
            guard exists else { return }
            if info.st_uid != geteuid() || info.st_gid != getegid() {
                _ = fchown(fd, info.st_uid, info.st_gid)
            }
            guard fchmod(fd, info.st_mode & 0o7777) == 0 else {
                let message = AtomicFile.lastError()
                discard()
                throw RDFParsingError.io(path: path, message: "cannot set permissions: \(message)")
            }
        }

        deinit {
            discard()
        }

        /// Appends `bytes`, retrying short writes.
        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw RDFParsingError.io(path: path, message: "write failed: \(AtomicFile.lastError())")
                }
                offset += written
            }
        }

        /// Flushes the file and renames it over the target (or just closes a device).
        public func commit() throws {
            guard !isFinished else { return }
            guard let temporaryPath else {
                isFinished = true
                if close(descriptor) != 0 && errno != EINTR {
                    throw RDFParsingError.io(path: path, message: "cannot close: \(AtomicFile.lastError())")
                }
                return
            }
            if fsync(descriptor) != 0 {
                let message = AtomicFile.lastError()
                discard()
                throw RDFParsingError.io(path: path, message: "cannot flush: \(message)")
            }
            isFinished = true
            let closed = close(descriptor)
            let closeError = AtomicFile.lastError()
            guard closed == 0 else {
                unlink(temporaryPath)
                throw RDFParsingError.io(path: path, message: "cannot flush: \(closeError)")
            }
            guard rename(temporaryPath, targetPath) == 0 else {
                let message = AtomicFile.lastError()
                unlink(temporaryPath)
                throw RDFParsingError.io(path: path, message: "cannot replace: \(message)")
            }
            let directory = open(AtomicFile.split(targetPath).directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                _ = fsync(directory)
                close(directory)
            }
        }

        /// Abandons the write: closes and removes the temporary file; the target is untouched.
        public func discard() {
            guard !isFinished else { return }
            isFinished = true
            close(descriptor)
            if let temporaryPath { unlink(temporaryPath) }
        }
    }

    /// The start of the temporary names for the file `name`: `.NAME.panet-tmp-`, followed by the
    /// writer's pid, a dash and a random suffix.
    static func temporaryPrefix(_ name: String) -> String {
        ".\(name).panet-tmp-"
    }

    /// Creates `.NAME.panet-tmp-PID-XXXXXX` in `directory` with `O_CREAT|O_EXCL|O_NOFOLLOW` (as
    /// `mkstemp` does), trying new random suffixes while the name is taken.
    static func createTemporaryFile(directory: String, name: String, mode: mode_t,
                                    for path: String) throws -> (Int32, String) {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in 0..<100 {
            let suffix = String((0..<6).map { _ in letters.randomElement() ?? "x" })
            let candidate = "\(directory)/\(temporaryPrefix(name))\(getpid())-\(suffix)"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { break }
        }
        throw RDFParsingError.io(path: path, message: "cannot create a temporary file in \(directory): \(lastError())")
    }

    /// Removes the temporary files of `name` in `directory` whose writing process no longer exists:
    /// `.NAME.panet-tmp-PID-XXXXXX`, and `NAME.tmp-PID` that older versions left.
    static func removeStaleTemporaryFiles(directory: String, name: String) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        let prefixes = [temporaryPrefix(name), "\(name).tmp-"]
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            for (kind, prefix) in prefixes.enumerated() where entryName.hasPrefix(prefix) {
                let rest = entryName.dropFirst(prefix.count)
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                let suffix = rest.dropFirst(digits.count)
                let shapeMatches = kind == 0 ? (suffix.first == "-" && suffix.count == 7) : suffix.isEmpty
                guard shapeMatches, !digits.isEmpty, digits.count < 10, let pid = Int32(digits) else { continue }
                guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
                let stale = "\(directory)/\(entryName)"
                var info = stat()
                if lstat(stale, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() {
                    unlink(stale)
                }
            }
        }
    }

    /// The directory and file name of `path` (`.` for a bare name).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// `path` with every symlink at its last component followed (relative links from their own
    /// directory), up to 40 links; a dangling link yields the path it points to.
    static func resolveSymlinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else {
                throw RDFParsingError.io(path: path, message: "cannot read the link: \(lastError())")
            }
            let target = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : "\(split(current).directory)/\(target)"
        }
        throw RDFParsingError.io(path: path, message: "too many levels of symbolic links")
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
