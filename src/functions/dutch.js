/* Dutch descriptions for the worksheet functions, merged into functions.nl.json at build time
 * (webpack.config.js). Keys are function ids; "params" follow the parameter order. A function or
 * parameter missing here fails the build, so the two languages cannot drift apart. */
module.exports = {
  BCGQUADRANT: {
    description: "BCG-kwadrant van een klant uit winstgevendheid en groeipotentie: Star, Cash Cow, Question Mark of Dog. Geef bereiken voor één kwadrant per klant.",
    params: [
      "Marge (of winst) van de klant, of een bereik daarvan.",
      "Groeipotentie van de klant, of een bereik van dezelfde grootte.",
      "Winstgevendheid vanaf waar een klant hoog telt: een getal, of een bereik waarvan de mediaan telt. Standaard: de mediaan van winstgevendheid.",
      "Groei vanaf waar een klant hoog telt: een getal, of een bereik waarvan de mediaan telt. Standaard: de mediaan van groei.",
    ],
  },
  PARETOCLASS: {
    description: "Paretoklasse (A, B of C) van één omzet tussen alle omzetten. Bij gelijke omzetten telt de eerste in het bereik.",
    params: ["De omzet van de klant.", "De omzetten van alle klanten.", "Cumulatief aandeel voor klasse A, standaard 0,8 (80%).", "Cumulatief aandeel voor klasse B, standaard 0,95 (95%)."],
  },
  CUMSHARE: {
    description: "Cumulatief omzetaandeel (0 tot 1) van alle klanten tot en met deze omzet, hoogste eerst. Bij gelijke omzetten telt de eerste in het bereik.",
    params: ["De omzet van de klant.", "De omzetten van alle klanten."],
  },
  PARETO: {
    description: "Rang, cumulatief omzetaandeel en paretoklasse voor elke omzet in een bereik, in drie kolommen; gelijk aan wat de knop Segmenteren schrijft.",
    params: ["De omzetten van alle klanten, één per rij.", "Cumulatief aandeel voor klasse A, standaard 0,8.", "Cumulatief aandeel voor klasse B, standaard 0,95."],
  },
  SCORE: {
    description: "Gewogen score (0 tot 100) per klant: elk criterium gerangschikt met PERCENTRANG.INC (omgekeerd waar lager beter is), dan het gewogen gemiddelde.",
    params: ["Eén rij per klant, één kolom per criterium.", "Eén gewicht per criterium (0 of meer).", "Eén WAAR/ONWAAR per criterium: WAAR waar een lagere waarde beter is, zoals betaaldagen."],
  },
  TIER: {
    description: "Klasse A, B, C of D voor een score.",
    params: ["De score, 0 tot 100.", "Drie getallen: de laagste score voor A, B en C. Standaard 75, 50, 25."],
  },
  SEGMENT: {
    description: "De volledige segmentatie van een klantentabel (kopregel eerst): rang, aandelen, paretoklasse, winstrang, BCG-kwadrant, score, klasse en problemen per klant.",
    params: ["De klantentabel, met kopregel.", "Instellingen als JSON-tekst, bv. {\"pareto\":{\"aCutoff\":0.7},\"language\":\"nl\"}."],
  },
  ADDRESSESNEEDED: {
    description: "Aantal prospectadressen dat nodig is voor een omzetdoel, uit de gemiddelde orderwaarde en de hitrates van de verkooptrechter, bij elke stap naar boven afgerond.",
    params: ["Het omzetdoel.", "De gemiddelde orderwaarde.", "Drie hitrates: telefoontje naar afspraak, afspraak naar offerte, offerte naar order (en eventueel een vierde: adres naar telefoontje), bv. 20%, 50%, 40%."],
  },
  CLV: {
    description: "Klantwaarde over de levensduur: marge × retentie / (1 + disconto − retentie); of, met jaren in plaats van een retentie, de verdisconteerde marge van zoveel jaren.",
    params: ["De jaarmarge (winst) van de klant.", "De kans dat de klant nog een jaar blijft, bv. 0,8 (80%).", "De disconteringsvoet per jaar, bv. 0,1 (10%). Standaard 0.", "De verwachte levensduur in jaren, in plaats van een retentie."],
  },
  PALIVE: {
    description: "De kans dat een klant nog actief is, volgens een geschat klantbestandsmodel (standaard BG/NBD, of MBG/NBD): het aantal herhaalaankopen x, de week van de laatste aankoop t_x en de weken sinds de eerste aankoop T.",
    params: ["Herhaalaankopen (aankopen na de eerste).", "Weken van de eerste tot de laatste aankoop (0 als x 0 is).", "Weken van de eerste aankoop tot nu.", "De parameters van het model: r, alpha, a, b (vier cellen).", "\"BG/NBD\" (standaard) of \"MBG/NBD\"."],
  },
  EXPECTEDPURCHASES: {
    description: "Het aantal aankopen dat een klant in de komende t weken naar verwachting doet, volgens een geschat klantbestandsmodel (standaard BG/NBD, of MBG/NBD).",
    params: ["Weken vooruit.", "Herhaalaankopen (aankopen na de eerste).", "Weken van de eerste tot de laatste aankoop (0 als x 0 is).", "Weken van de eerste aankoop tot nu.", "De parameters van het model: r, alpha, a, b (vier cellen).", "\"BG/NBD\" (standaard) of \"MBG/NBD\"."],
  },
};
