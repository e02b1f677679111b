"""Hand-written article-like texts shared by the compare tests (one event, several outlets)."""

SOURCE = """Flooding forces 2,000 from homes as River Ouse bursts its banks

YORK — More than 2,000 residents were evacuated from their homes on Thursday after the River Ouse burst its banks following three days of heavy rain, officials said.

The Environment Agency issued 14 severe flood warnings across North Yorkshire, the highest number since the floods of 2015.

Emergency crews worked through the night to build temporary barriers along the riverfront, but the water rose faster than expected and breached them shortly before dawn.

“We have never seen the river climb this quickly,” said Helen Marsh, the agency's regional manager. “People must leave when they are told to.”

Schools in the city will stay closed until Monday, and the main railway line to Leeds has been suspended because of water on the tracks.

The council opened three rest centres in community halls, where volunteers handed out blankets, hot meals and dry clothes to families who had fled with little more than their phones.

Forecasters expect another 40 millimetres of rain over the weekend, which could push the river to a record height of 5.4 metres.

Insurance companies said early estimates put the damage at more than 30 million pounds, though the figure could rise sharply once the water recedes.
"""

SPUN = """Flooding drives 2,000 from houses as River Ouse overflows

YORK — Over 2,000 inhabitants were moved out of their houses on Thursday after the River Ouse overflowed following three days of torrential downpours, authorities stated.

The Environment Agency released 14 serious flood alerts across North Yorkshire, the largest figure since the deluges of 2015.

Rescue teams toiled through the evening to erect makeshift walls along the waterfront, yet the water climbed more rapidly than anticipated and broke through them just before sunrise.

Academies in the town will remain shut until Monday, and the principal rail route to Leeds has been halted due to water on the rails.

The municipality set up three shelters in neighbourhood halls, where helpers distributed blankets, warm food and dry garments to households who had escaped with barely more than their mobiles.

Meteorologists anticipate a further 40 millimetres of rainfall over the weekend, which might drive the river to an unprecedented level of 5.4 metres.

Insurers stated initial projections place the destruction at over 30 million pounds, although the figure might climb steeply once the water retreats.
"""

INDEPENDENT = """Thousands flee as York floods again

By Sam Okafor

Helen Marsh had a simple message for York on Thursday: get out. “We have never seen the river climb this quickly,” the Environment Agency manager told reporters at a briefing on Skeldergate Bridge.

By nightfall about 2,000 people had left their homes, many carrying pets and bags of medicine, as the Ouse spilled into streets that had been dry only hours before.

Shop owners on King's Staith, which floods most winters, said this year felt different. Tom Reilly, who runs a café by the water, said he had moved his fridges upstairs on Tuesday and still lost his stock.

The agency counted 14 severe warnings in the county. Rail services to Leeds were halted and pupils were told to stay home until next week.

Some residents questioned why barriers had not gone up sooner. The council said it had followed its plan and that crews had worked all night.

With more rain forecast for Saturday, officials warned that the worst may not be over. Damage estimates from insurers already run to tens of millions of pounds.
"""

FURNITURE_HEAD = "Home > News > UK\n\nPhoto: PA Images\n\n"
FURNITURE_FOOT = "\n\nRelated Articles\n\nShare this story: Facebook Twitter Email\n"

# Another story altogether (a council budget) that lifts two paragraphs of the flood report.
BUDGET = """Council approves 4 per cent tax rise after late-night debate

Harrogate Borough Council approved a council tax rise of 4 per cent on Tuesday evening after a debate that ran past midnight, with opposition members calling the increase a burden on families already struggling with energy bills.

The leader of the council said the rise would protect adult social care and keep three libraries open that had been listed for closure in the autumn.

Spending on emergencies was among the most contested lines of the budget after a hard winter. The council opened three rest centres in community halls, where volunteers handed out blankets, hot meals and dry clothes to families who had fled with little more than their phones.

Insurance companies said early estimates put the damage at more than 30 million pounds, though the figure could rise sharply once the water recedes.

Parking charges in the city centre will rise by 20 pence an hour from April, and the council will borrow to buy six electric buses for the park and ride service, a plan the finance director said would pay for itself within eight years.

Care homes run by the council will receive an extra 1.2 million pounds, and the council will recruit 15 social workers to cut a waiting list for assessments that has grown to more than 400 people.

Councillors also agreed to freeze allotment rents for a second year, to extend free swimming for under-16s to the weekends, and to spend 300,000 pounds on repairs to the Guildhall roof, which has leaked into the council chamber since the spring.

The finance director warned that the authority faces a gap of 11 million pounds over the next three years and that savings in procurement, office space and agency staff would have to be found whatever the outcome of the government's spending review.

Trade unions representing council staff welcomed the pay settlement but said vacancies in bin collection and street cleaning were still too high, and asked members to look again at the use of agency drivers.

Members voted 24 to 19 for the budget. The opposition group said it would table an amendment to move two million pounds from the transport reserve into road repairs next year.
"""

# A third story, reporting a football match: nothing shared with the others.
FOOTBALL = """York City held to a draw at Bootham Crescent

York City were held to a 1-1 draw by Chester on Saturday, a result that leaves the club fourth in the National League North with nine games left to play.

Chester went ahead after twenty minutes when a corner was headed in at the far post, and York levelled early in the second half through a low shot from the edge of the area.

The manager said afterwards that his side had created enough chances to win and would need to be more clinical in the run-in.
"""
