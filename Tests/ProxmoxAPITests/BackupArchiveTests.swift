import ProxmoxAPI
import Testing

@Suite("vzdump requests and backup archive rows")
struct BackupArchiveTests {
    @Test("notes go to notes-template on one line, new lines and backslashes escaped; none compresses as 0; protected only when asked")
    func vzdumpParameters() {
        let request = VzdumpRequest(vmids: [101, 102], storage: "nas", mode: .stop, compression: .none, notes: "a\\b\nsecond\r\nthird")
        let parameters = Dictionary(uniqueKeysWithValues: request.parameters().map { ($0.name, $0.value.wireText) })
        #expect(parameters == ["vmid": "101,102", "storage": "nas", "mode": "stop", "compress": "0", "notes-template": "a\\\\b\\nsecond\\nthird"])
        let protected = VzdumpRequest(vmids: [101], storage: "local", isProtected: true).parameters().map(\.name)
        #expect(protected.contains("protected") && !protected.contains("notes-template"))
    }

    @Test("an archive row: protection, notes, and its guest from the file name when the row has no vmid")
    func archiveRow() throws {
        let row: JSONValue = ["volid": "local:backup/vzdump-lxc-205-2026_12_05-07_00_00.tar.zst", "size": 1024, "ctime": 1_764_918_000,
                              "protected": 1, "notes": "web"]
        let archive = try BackupArchive(json: row)
        #expect(archive.vmid == 205 && archive.isProtected && archive.notes == "web" && archive.storage == "local")
        #expect(archive.isContainerArchive && archive.fileName == "vzdump-lxc-205-2026_12_05-07_00_00.tar.zst")
        let vm = try BackupArchive(json: ["volid": "local:backup/vzdump-qemu-300-2026_12_05-07_00_00.vma.zst"])
        #expect(vm.vmid == 300 && !vm.isContainerArchive && !vm.isProtected)
        #expect(throws: ProxmoxError.self) { try BackupArchive(json: ["size": 1]) }
    }
}
