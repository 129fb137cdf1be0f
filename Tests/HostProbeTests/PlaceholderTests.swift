import Testing
@testable import HostProbe
