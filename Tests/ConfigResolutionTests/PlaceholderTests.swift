import Testing
@testable import ConfigResolution
