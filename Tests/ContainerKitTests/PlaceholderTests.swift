import Testing
@testable import ContainerKit
