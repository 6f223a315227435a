import Foundation

/// Quality assessment (SPEC §11, seed 000 «НОКО»): the questionnaire engine that expert sheets, ratings, e-monitoring
/// and surveys share — written and read by ЦОПП's operators; surveys answered by their audience.
func registerQualityRoutes(_ r: RouteTable, _ s: Services) {
    let editors = QualityAccess.editors
    let questionnaires = QuestionnairesController(
        service: QuestionnairesService(db: s.db, zone: s.configuration.regionTimeZone))
    r.get("/api/v1/questionnaires", .roles(editors), questionnaires.list)
    r.post("/api/v1/questionnaires", .roles(editors), questionnaires.create)
    r.get("/api/v1/questionnaires/{questionnaireId}", .roles(editors), questionnaires.show)
    r.put("/api/v1/questionnaires/{questionnaireId}", .roles(editors), questionnaires.update)
    r.delete("/api/v1/questionnaires/{questionnaireId}", .roles(editors), questionnaires.delete)
    r.put("/api/v1/questionnaires/{questionnaireId}/status", .roles(editors), questionnaires.setStatus)
    r.get("/api/v1/questionnaires/{questionnaireId}/results", .roles(editors), questionnaires.results)
    r.get("/api/v1/questionnaires/{questionnaireId}/responses", .roles(editors), questionnaires.responses)
    r.get("/api/v1/me/surveys", .signedIn, questionnaires.mySurveys)
    r.get("/api/v1/surveys/{questionnaireId}", .signedIn, questionnaires.survey)  // its audience, while open
    r.post("/api/v1/surveys/{questionnaireId}/responses", .signedIn, questionnaires.respond)

    // program expertise: experts take a program in work one at a time (the database's lock), rate it or finish
    let expertise = ExpertiseController(
        service: ExpertiseService(
            db: s.db, ratingsToPass: s.configuration.expertiseRatingsToPass, zone: s.configuration.regionTimeZone))
    let experts = ExpertiseService.experts
    r.get("/api/v1/expertise", .roles(experts), expertise.queue)
    r.post("/api/v1/expertise/{programId}/take", .roles(experts), expertise.take)
    r.get("/api/v1/expertise/{programId}/sheet", .roles(experts), expertise.sheet)
    r.post("/api/v1/expertise/{programId}/release", .roles(experts), expertise.release)
    r.post("/api/v1/expertise/{programId}/rating", .roles(experts), expertise.rate)
    r.post("/api/v1/programs/{programId}/expertise", .signedIn, expertise.send)  // the program's authors
    r.get("/api/v1/programs/{programId}/expertise", .signedIn, expertise.state)  // its organization, region readers
    let papers = ExpertiseDocumentsController(
        service: ExpertiseDocumentsService(db: s.db, documents: s.documents, zone: s.configuration.regionTimeZone))
    // a rating's sheet: its expert, the program's organization, region readers
    r.get("/api/v1/programs/{programId}/expertise/sheets/{responseId}", .signedIn, papers.sheet)
    r.get("/api/v1/expertise/facsimile", .roles(experts), papers.facsimile)
    r.put("/api/v1/expertise/facsimile", .roles(experts), papers.setFacsimile)
    r.get("/api/v1/expertise/ratings", .roles(experts), papers.ratings)
    r.get("/api/v1/expertise/protocol", .roles(ExpertiseDocumentsService.protocolReaders), papers.protocolList)
    r.get("/api/v1/expertise/sheets", .roles(ExpertiseDocumentsService.protocolReaders), papers.sheets)

    // contests: anyone signed in proposes one (inactive); ЦОПП's operators correct, approve and delete them
    let contests = ContestsController(
        contests: ContestsService(db: s.db),
        achievements: AchievementsService(db: s.db, zone: s.configuration.regionTimeZone))
    r.get("/api/v1/contests", .signedIn, contests.list)  // others: approved and their own proposals
    r.post("/api/v1/contests", .signedIn, contests.create)
    r.get("/api/v1/contests/{contestId}", .signedIn, contests.show)
    r.put("/api/v1/contests/{contestId}", .roles(editors), contests.update)
    r.delete("/api/v1/contests/{contestId}", .roles(editors), contests.delete)
    r.get("/api/v1/achievements", .roles(editors), contests.allAchievements)
    r.delete("/api/v1/achievements/{achievementId}", .roles(editors), contests.removeAchievement)
    r.get("/api/v1/me/achievements", .signedIn, contests.myAchievements)
    r.post("/api/v1/me/achievements", .signedIn, contests.record)
    r.delete("/api/v1/me/achievements/{achievementId}", .signedIn, contests.deleteAchievement)

    // learners rate programs they completed and fill the e-monitoring after their group
    let feedback = LearnerFeedbackController(
        ratings: ProgramRatingsService(db: s.db),
        monitoring: MonitoringService(db: s.db, mailer: s.mailer, zone: s.configuration.regionTimeZone))
    r.get("/api/v1/me/program-ratings", .signedIn, feedback.myRatings)
    r.get("/api/v1/programs/{programId}/rating-form", .signedIn, feedback.ratingForm)  // learners who completed it
    r.post("/api/v1/programs/{programId}/ratings", .signedIn, feedback.rate)
    r.get("/api/v1/programs/{programId}/ratings", .signedIn, feedback.programRatings)  // its organization, region
    r.get("/api/v1/me/monitoring", .signedIn, feedback.myMonitoring)
    r.get("/api/v1/monitoring/{requestId}", .signedIn, feedback.monitoringForm)  // the learner asked
    r.post("/api/v1/monitoring/{requestId}/responses", .signedIn, feedback.answerMonitoring)
    r.get("/api/v1/groups/{groupId}/monitoring", .signedIn, feedback.groupMonitoring)  // who reads the group

    // the program quality index and «Статистика НОКО»
    let quality = QualityController(service: QualityService(db: s.db, zone: s.configuration.regionTimeZone))
    r.get("/api/v1/programs/{programId}/quality", .signedIn, quality.program)  // its organization, region readers
    r.get("/api/v1/quality/programs", .roles(QualityService.readers), quality.ranking)
    r.get("/api/v1/quality/statistics", .roles(QualityService.readers), quality.statistics)
}
