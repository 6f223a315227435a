import Foundation

/// Career guidance (SPEC §6, seed 001 §9): the region's tests are public — anyone reads a published one and takes it,
/// signed in or not; ЦОПП's operators write them and read every result.
func registerCareerGuidanceRoutes(_ r: RouteTable, _ s: Services) {
    let editors = CareerGuidanceAccess.editors
    let tests = CareerTestsController(
        service: CareerTestsService(db: s.db), trustProxy: s.configuration.trustProxy,
        zone: s.configuration.regionTimeZone)
    r.get("/api/v1/career-tests", .open, tests.list)  // published ones; editors choose any status
    r.post("/api/v1/career-tests", .roles(editors), tests.create)
    r.get("/api/v1/career-tests/{testId}", .open, tests.show)  // a published one; editors any, with the weights
    r.put("/api/v1/career-tests/{testId}", .roles(editors), tests.update)
    r.delete("/api/v1/career-tests/{testId}", .roles(editors), tests.delete)
    r.put("/api/v1/career-tests/{testId}/status", .roles(editors), tests.setStatus)
    r.post("/api/v1/career-tests/{testId}/copy", .roles(editors), tests.copy)
    r.post("/api/v1/career-tests/{testId}/results", .open, tests.take)
    r.get("/api/v1/career-results", .roles(editors), tests.results)
    r.get("/api/v1/career-results/{resultId}", .open, tests.result)  // anonymous: whoever holds the id; kept: owner
    r.post("/api/v1/career-results/{resultId}/claim", .signedIn, tests.claim)
    r.get("/api/v1/me/career-results", .signedIn, tests.mine)
}
