"""A made-up schedule of rates for demo data: 6-digit codes in the usual format, never the licensed NHF
Schedule of Rates. The same CSV an officer would import."""

DEMO_SCHEDULE_CSV = """\
code,description,unit,rate,trade
810010,Renew tap washer and reseat,each,18.40,Plumbing
810020,Clear blocked sink or basin waste,each,42.00,Plumbing
810030,Renew WC cistern syphon,each,68.50,Plumbing
810040,Clear blocked WC pan,each,55.00,Plumbing
810050,Repair leak on water pipe up to 1 m,each,61.20,Plumbing
810060,Renew kitchen mixer tap,each,96.75,Plumbing
820010,Replace 13A socket outlet,each,55.10,Electrical
820020,Replace ceiling light fitting,each,48.30,Electrical
820030,Test and reset consumer unit after trip,each,39.90,Electrical
820040,Renew extractor fan in kitchen or bathroom,each,142.00,Electrical
820050,Replace door entry handset,each,118.60,Electrical
830010,Service and repair gas boiler: no heating or hot water,each,95.00,Heating
830020,Renew radiator valve,each,72.40,Heating
830030,Bleed and balance heating system,each,44.00,Heating
840010,Renew roof tiles,m2,120.00,Roofing
840020,Clear gutters and downpipes,m,6.80,Roofing
840030,Repair flat roof felt patch,m2,88.00,Roofing
850010,Ease and adjust internal door,each,31.50,Joinery
850020,Renew front door lock,each,84.20,Joinery
850030,Board up broken window (emergency),each,75.00,Joinery
850040,Repair loose handrail or banister,m,38.60,Joinery
850050,Renew stair tread,each,64.00,Joinery
860010,Treat mould and apply fungicidal wash,m2,9.80,Damp and mould
860020,Install positive input ventilation unit,each,620.00,Damp and mould
860030,Renew defective plaster after damp,m2,41.50,Damp and mould
870010,Remove graffiti from brick or render,m2,14.20,Cleaning
870020,Deep clean communal stairwell,each,165.00,Cleaning
870030,Remove bulky waste from communal area,m3,52.00,Cleaning
880010,Pre-inspection visit by surveyor,each,65.00,Surveying
880020,Post-inspection visit by surveyor,each,55.00,Surveying
"""
