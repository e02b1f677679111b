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
