import HostProbe
import Testing

@Suite("GPU choice: a vendor or a PCI address, the one rule")
struct GPUChoiceTests {
    @Test("vendors in any case, PCI addresses with and without a domain", arguments: [
        ("intel", GPUChoice.vendor(.intel)), ("NVIDIA", .vendor(.nvidia)), ("Amd", .vendor(.amd)),
        ("01:00.0", .pci("01:00.0")), ("0000:0a:1f.7", .pci("0000:0a:1f.7")),
    ])
    func accepted(text: String, choice: GPUChoice) {
        #expect(GPUChoice(parsing: text) == choice)
    }

    @Test("anything else is refused", arguments: ["", "other", "intel ", "1:00.0", "01:00.8", "0000:01:00", "01:00.0;x", "00000:01:00.0"])
    func refused(text: String) {
        #expect(GPUChoice(parsing: text) == nil)
    }

    @Test("a choice prints as it was named")
    func described() {
        #expect(GPUChoice.vendor(.nvidia).description == "nvidia")
        #expect(GPUChoice.pci("0000:01:00.0").description == "0000:01:00.0")
    }
}
