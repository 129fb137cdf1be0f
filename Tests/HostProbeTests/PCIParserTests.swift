import HostProbe
import Testing

@Suite("PCI parsers")
struct PCIParserTests {
    @Test("lspci -nn lines parse, with brackets in names and the IDs taken from the last pair")
    func lspci() throws {
        let entries = LspciParser.parse("""
            00:02.0 VGA compatible controller [0300]: Intel Corporation AlderLake-S GT1 [8086:4680] (rev 0c)
            01:00.0 3D controller [0302]: NVIDIA Corporation TU104GL [Tesla T4] [10de:1eb8] (rev a1)
            0001:03:00.0 Display controller [0380]: Advanced Micro Devices, Inc. [AMD/ATI] Device [1002:7480]
            00:1f.6 Ethernet controller [0200]: Intel Corporation Ethernet Connection (7) I219-LM [8086:15bc] (rev 10)
            garbage line
            """)
        #expect(entries.map(\.address) == ["0000:00:02.0", "0000:01:00.0", "0001:03:00.0", "0000:00:1f.6"])
        #expect(entries.map(\.isGPU) == [true, true, true, false])
        let tesla = entries[1]
        #expect(tesla.name == "NVIDIA Corporation TU104GL [Tesla T4]")
        #expect(tesla.className == "3D controller")
        #expect(tesla.classID == 0x0302)
        #expect((tesla.vendorID, tesla.deviceID) == (0x10de, 0x1eb8))
        #expect(entries[2].name == "Advanced Micro Devices, Inc. [AMD/ATI] Device")
    }

    @Test("pci.ids gives vendor and device names, the vendor alone for unknown devices, nil for unknown vendors")
    func pciIDs() {
        let database = """
            # comment
            10de  NVIDIA Corporation
            \t1eb8  TU104GL [Tesla T4]
            \t\t10de 12a2  T4 16GB
            8086  Intel Corporation
            \t4680  AlderLake-S GT1
            C 03  Display controller
            \t00  VGA compatible controller
            """
        #expect(PCIIDs.name(vendorID: 0x8086, deviceID: 0x4680, in: database) == "Intel Corporation AlderLake-S GT1")
        #expect(PCIIDs.name(vendorID: 0x10de, deviceID: 0x1eb8, in: database) == "NVIDIA Corporation TU104GL [Tesla T4]")
        #expect(PCIIDs.name(vendorID: 0x10de, deviceID: 0x12a2, in: database) == "NVIDIA Corporation")
        #expect(PCIIDs.name(vendorID: 0x1002, deviceID: 0x73bf, in: database) == nil)
    }

    @Test("Vendor IDs map to build.func's vendors", arguments: [
        (UInt16(0x8086), GPUVendor.intel), (0x1002, .amd), (0x1022, .amd), (0x10de, .nvidia), (0x1a03, .other),
    ] as [(UInt16, GPUVendor)])
    func vendors(id: UInt16, vendor: GPUVendor) {
        #expect(GPUVendor(pciVendorID: id) == vendor)
    }
}
